using UnIT.Collections;
using UnIT.Model;

namespace UnIT.Generators.Models;

/// <summary>
/// What the parser read from one <c>[UnitNetwork]</c> class: the network as a (value-equal) definition, the files it
/// names, where its attributes are, and what was wrong with them. No symbols or syntax survive this step.
/// </summary>
/// <param name="Class">The class to extend.</param>
/// <param name="Definition">The network, or <see langword="null"/> when the attributes are too broken to build one.</param>
/// <param name="WeightFile">The weight file as named in the attribute.</param>
/// <param name="CalibrationFile">The calibration file as named in the attribute, if any.</param>
/// <param name="Locations">Attribute locations for diagnostics.</param>
/// <param name="Diagnostics">Problems found while parsing.</param>
/// <param name="CompilerError">
/// Where the compiler rejected one of the UnIT attributes (then <paramref name="Definition"/> is null and the generator
/// reports nothing more about them: the compiler's error is the one error for that mistake).
/// </param>
internal sealed record ParsedNetwork(
    ClassInfo Class,
    NetworkDefinition? Definition,
    string WeightFile,
    string? CalibrationFile,
    NetworkLocations Locations,
    ImmutableEquatableArray<DiagnosticInfo> Diagnostics,
    string? CompilerError);

/// <summary>Where the network attribute and each layer attribute (in declaration order) are written.</summary>
internal sealed record NetworkLocations(LocationInfo? Network, ImmutableEquatableArray<LocationInfo> Layers)
{
    /// <summary>The location of layer <paramref name="index"/>, or the network attribute's.</summary>
    public LocationInfo? Layer(int? index) => index is { } i && i >= 0 && i < Layers.Count ? Layers[i] : Network;
}
