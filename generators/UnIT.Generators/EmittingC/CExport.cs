namespace UnIT.Generators.EmittingC;

/// <summary>One network's C export: a header declaring the API and a source file with the kernels and their tables.</summary>
/// <param name="HeaderName">The header's file name (<c>MnistDenseQ15.h</c>).</param>
/// <param name="Header">The header's text.</param>
/// <param name="SourceName">The source's file name (<c>MnistDenseQ15.c</c>).</param>
/// <param name="Source">The source's text.</param>
/// <param name="LayerBuffers">Per layer with code, the static buffer <c>&lt;Net&gt;_infer</c> passes it as its output.</param>
internal sealed record CExport(string HeaderName, string Header, string SourceName, string Source, IReadOnlyDictionary<int, string> LayerBuffers);
