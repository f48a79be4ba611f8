namespace UnIT.Generators.EmittingC;

/// <summary>One network's C export: a header declaring the API and a source file with the kernels and their tables.</summary>
/// <param name="HeaderName">The header's file name (<c>MnistDenseQ15.h</c>).</param>
/// <param name="Header">The header's text.</param>
/// <param name="SourceName">The source's file name (<c>MnistDenseQ15.c</c>).</param>
/// <param name="Source">The source's text.</param>
/// <param name="ArenaName">The static array that holds every activation (<see cref="CArena"/>).</param>
/// <param name="Arena">Where each layer writes in it.</param>
internal sealed record CExport(string HeaderName, string Header, string SourceName, string Source, string ArenaName, CArena Arena);
