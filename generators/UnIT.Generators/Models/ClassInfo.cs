using UnIT.Collections;

namespace UnIT.Generators.Models;

/// <summary>Where the generated members go: the user's partial class and the types around it.</summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="IsStatic">Whether the class is static (the generated part repeats it).</param>
/// <param name="ContainingTypes">Declarations of enclosing types, outermost first (e.g. <c>partial class Outer</c>).</param>
internal sealed record ClassInfo(string Namespace, string Name, bool IsStatic, ImmutableEquatableArray<string> ContainingTypes)
{
    /// <summary>The name used for the generated file and the embedded-resource lookup.</summary>
    public string FullName => string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(t => t.Split(' ').Last())).Append(Name).Where(s => s.Length > 0));
}
