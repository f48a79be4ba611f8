using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>
/// The analyzer tests' compilation (in memory, against the running runtime and UnIT) and two ways to analyze it:
/// <see cref="VerifyAsync"/> through the standard test framework (markup), and <see cref="AnalyzeAsync"/> directly
/// through <see cref="CompilationWithAnalyzers"/> for what the framework cannot set up: AdditionalFiles that count their
/// reads, a compilation without the UnIT runtime, and the real sample's files at their real paths.
/// </summary>
public static class AnalyzerHarness
{
    public const string SourcePath = "/src/Network.cs";

    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilationOptions CompilationOptions { get; } =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    public static CSharpCompilation Compilation(string source, string path = SourcePath, CSharpCompilationOptions? options = null) =>
        CSharpCompilation.Create(
            "UnitAnalyzerTests",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path)],
            References,
            options ?? CompilationOptions);

    /// <summary>The analyzer's diagnostics on <paramref name="compilation"/>, in source order; the source must compile.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, IEnumerable<AdditionalText> additionalFiles)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The test source does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        var analyzers = compilation.WithAnalyzers(
            [new ThresholdAnalyzer()],
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([.. additionalFiles]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var all = await analyzers.GetAllDiagnosticsAsync();
        var crashes = all.Where(d => d.Id is "AD0001" or "AD0002").ToArray();
        Assert.True(crashes.Length == 0, "The analyzer threw:\n" + string.Join("\n", crashes.Select(c => c.ToString())));
        return [.. (await analyzers.GetAnalyzerDiagnosticsAsync()).OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Checks with the standard test framework that the analyzer reports exactly the marked spans (id and span) of
    /// <paramref name="markup"/>, and returns the diagnostics in source order so tests can assert on messages.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync([StringSyntax("C#")] string markup, params AdditionalText[] additionalFiles)
    {
        var test = new UnitAnalyzerTest(markup, additionalFiles);
        await test.RunAsync();
        return test.Reported;
    }

    public static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. trusted
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Append(typeof(UnitNetworkAttribute).Assembly.Location)
            .Append(typeof(UnIT.Model.NetworkDefinition).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
