namespace UnIT.Msp430;

/// <summary>One C translation unit handed to <see cref="Msp430Toolchain.Build"/>: a file name (for diagnostics) and its text.</summary>
/// <param name="FileName">Name the file is written under, for example <c>mnist.c</c>; headers end in <c>.h</c>.</param>
/// <param name="Text">The C99 source text.</param>
public sealed record CSource(string FileName, string Text)
{
    /// <summary>Whether the file is a translation unit to compile (a <c>.c</c> file) rather than a header it includes.</summary>
    public bool IsTranslationUnit => FileName.EndsWith(".c", StringComparison.OrdinalIgnoreCase);
}
