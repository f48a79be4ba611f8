namespace UnIT.Generators.Models;

/// <summary>
/// A network the generator could not generate, but whose class can take generated members: it gets the public API with
/// bodies that throw, so the one UNIT error is the only error (no CS0117 cascade at every use of <c>Infer</c>).
/// </summary>
/// <param name="Class">The class to extend.</param>
/// <param name="Errors">The ids of the errors that stopped generation (for the exception message).</param>
internal sealed record FallbackClass(ClassInfo Class, string Errors)
{
    /// <summary>The same file name the real code would have, so the two can never both exist.</summary>
    public string HintName => Class.FullName + ".UnIT.g.cs";
}
