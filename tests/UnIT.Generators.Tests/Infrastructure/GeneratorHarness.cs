using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using UnIT.NumPy;

namespace UnIT.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the UnIT generator in memory on a source text plus weight files, the way the build would: weight files are
/// converted to their text form and passed as AdditionalFiles.
/// </summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Append(typeof(UnitNetworkAttribute).Assembly.Location)
            .Append(typeof(UnIT.Model.NetworkDefinition).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    // The symbols the .NET SDK defines for a net10.0 project, so generated code compiles here as it does for users.
    public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest)
        .WithPreprocessorSymbols("NET", "NET10_0", "NET10_0_OR_GREATER", "NET9_0_OR_GREATER", "NET8_0_OR_GREATER", "NET7_0_OR_GREATER", "NET6_0_OR_GREATER", "NETCOREAPP");

    public static CSharpCompilation Compilation(string source, string assemblyName = "UnitTestNetworks") =>
        CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Network.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The text AdditionalFile the build makes of a weight file.</summary>
    public static AdditionalText WeightText(string name, byte[] bytes) =>
        new TestAdditionalText($"/obj/unit/{name}{WeightFileText.Extension}", WeightFileText.Encode(bytes, name, name, "/project/" + name));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> additionalTexts, IReadOnlyDictionary<string, string>? buildProperties = null, bool trackSteps = true) =>
        CSharpGeneratorDriver.Create(
            [new UnitNetworkGenerator().AsSourceGenerator()],
            additionalTexts,
            ParseOptions,
            new TestOptionsProvider(buildProperties ?? new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once; returns the result and the compilation with the generated code added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(
        string source, IEnumerable<AdditionalText> additionalTexts, IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        var driver = Driver(additionalTexts, buildProperties).RunGeneratorsAndUpdateCompilation(Compilation(source), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>The run's warnings and errors: what a test of a sound network expects none of (notes such as UNIT114 are fine).</summary>
    public static IEnumerable<Diagnostic> Problems(GeneratorDriverRunResult result) =>
        result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning);
}
