using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using UnIT.NumPy;

namespace UnIT.Benchmarks.Infrastructure;

/// <summary>
/// Runs the UnIT generator in memory the way a build does (weight files converted to their text AdditionalFile,
/// build properties as <c>build_property.*</c> globals), then compiles the result with Roslyn's Emit. The same approach
/// as the generator tests' harness, kept separate so the benchmark does not depend on a test project.
/// </summary>
internal static class InMemoryBuild
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Append(typeof(UnitNetworkAttribute).Assembly.Location)
            .Append(typeof(Model.NetworkDefinition).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    // The symbols the .NET SDK defines for a net10.0 project, so generated code compiles here as it does for users.
    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithPreprocessorSymbols("NET", "NET10_0", "NET10_0_OR_GREATER", "NET9_0_OR_GREATER", "NET8_0_OR_GREATER", "NET7_0_OR_GREATER", "NET6_0_OR_GREATER", "NETCOREAPP");

    /// <summary>Runs the generator on <paramref name="source"/> plus one weight file and returns what it made, with timings.</summary>
    public static GeneratedBuild Generate(string source, string weightFileName, byte[] weightBytes, IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        var clock = Stopwatch.StartNew();
        var weightText = new MemoryAdditionalText(
            $"/obj/unit/{weightFileName}{WeightFileText.Extension}", WeightFileText.Encode(weightBytes, weightFileName, weightFileName, "/project/" + weightFileName));
        var encode = clock.Elapsed;

        clock.Restart();
        var compilation = CSharpCompilation.Create(
            "UnitBenchmark_" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Network.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new Generators.UnitNetworkGenerator().AsSourceGenerator()],
            [weightText],
            ParseOptions,
            new GlobalOptionsProvider(buildProperties ?? new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var setup = clock.Elapsed;

        clock.Restart();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var generate = clock.Elapsed;

        var run = driver.GetRunResult();
        var problems = driverDiagnostics.Concat(run.Diagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        if (problems.Length > 0 || run.Results.Any(r => r.Exception is not null))
        {
            throw new InvalidOperationException("The generator did not produce clean output:\n"
                + string.Join("\n", problems.Select(d => d.ToString()).Concat(run.Results.Where(r => r.Exception is not null).Select(r => r.Exception!.ToString()))));
        }

        var result = run.Results.Single();
        var steps = result.TrackedSteps
            .Select(s => (s.Key, Elapsed: new TimeSpan(s.Value.Sum(step => step.ElapsedTime.Ticks))))
            .Concat(result.TrackedOutputSteps.Select(s => (s.Key, Elapsed: new TimeSpan(s.Value.Sum(step => step.ElapsedTime.Ticks)))))
            .ToArray();
        var generated = result.GeneratedSources.Select(s => s.SourceText.ToString()).ToArray();
        var generatorTime = driver.GetTimingInfo().GeneratorTimes.Single().ElapsedTime;
        return new GeneratedBuild(output, generated, encode, setup, generate, generatorTime, steps);
    }

    /// <summary>Compiles (binds, lowers and emits IL for) the compilation; throws with the errors if it does not compile.</summary>
    public static (byte[] Image, TimeSpan Elapsed) Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var clock = Stopwatch.StartNew();
        var result = compilation.Emit(stream);
        clock.Stop();
        if (!result.Success)
        {
            throw new InvalidOperationException("The generated code does not compile:\n"
                + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        }

        return (stream.ToArray(), clock.Elapsed);
    }

    private sealed class MemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class GlobalOptionsProvider(IReadOnlyDictionary<string, string> globals) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options None = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(globals);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

        private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}

/// <summary>What one in-memory generator run produced, and how long its parts took.</summary>
/// <param name="Output">The compilation with the generated trees added.</param>
/// <param name="Sources">The generated files' text.</param>
/// <param name="Encode">Converting the weight file to its text AdditionalFile (the MSBuild task's job, not the generator's).</param>
/// <param name="Setup">Parsing the user's source and creating the compilation and driver.</param>
/// <param name="Generate">The driver run: parse attributes, decode weights, plan, emit, and parse the emitted text.</param>
/// <param name="GeneratorTime">The time the driver attributes to the UnIT generator itself.</param>
/// <param name="Steps">Elapsed time of each tracked pipeline step (and the source output).</param>
internal sealed record GeneratedBuild(
    Compilation Output, string[] Sources, TimeSpan Encode, TimeSpan Setup, TimeSpan Generate, TimeSpan GeneratorTime, (string Name, TimeSpan Elapsed)[] Steps);
