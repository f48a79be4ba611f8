using Microsoft.CodeAnalysis;
using UnIT.Collections;
using UnIT.Generators.Diagnostics;

namespace UnIT.Generators.Models;

/// <summary>A diagnostic to report, as equatable values (descriptor id, message arguments, location).</summary>
internal sealed record DiagnosticInfo(string DescriptorId, LocationInfo? Location, ImmutableEquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(string descriptorId, LocationInfo? location, params string[] arguments) =>
        new(descriptorId, location, arguments.ToImmutableEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticDescriptors.ById[DescriptorId], Location?.ToLocation(), Arguments.Cast<object>().ToArray());
}
