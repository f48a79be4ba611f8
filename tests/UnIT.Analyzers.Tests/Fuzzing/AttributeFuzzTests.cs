using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using UnIT.Analyzers.Tests.Infrastructure;
using UnIT.Generators;
using UnIT.Generators.Parsing;
using UnIT.Model;
using UnIT.NumPy;
using Xunit;

namespace UnIT.Analyzers.Tests.Fuzzing;

/// <summary>
/// Property test: seeded random network declarations, each with at most one argument drawn from the boundary or invalid
/// range of its property, go through the real generator and analyzers in one compilation. Nothing may throw (no CS8785,
/// no AD0001); a refused network gets exactly one UNIT error, naming the property; an accepted
/// network compiles and runs. <c>UNIT_FUZZ_CASES</c> sets the number of declarations per seed for a longer run
/// (docs/robustness.md).
/// </summary>
public class AttributeFuzzTests
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("UNIT_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 40;

    /// <summary>The analyzers report these on the exact argument; the generator then refuses the network silently (docs/diagnostics/UNIT110.md).</summary>
    private static readonly string[] AnalyzerOwned = ["UNIT001", "UNIT004"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Random_declarations_are_refused_by_a_named_diagnostic_or_compile_and_run(int seed)
    {
        var declarations = new AttributeDeclarations(seed);
        var networks = Enumerable.Range(0, Cases).Select(i => declarations.Next($"Fuzz{seed}N{i}", mutate: i % 5 != 0)).ToList();
        var source = "using UnIT;\nnamespace Fuzz;\n" + string.Join("\n", networks.Select(d => d.Code));
        var compilation = AnalyzerHarness.Compilation(source, options: AnalyzerHarness.CompilationOptions.WithOptimizationLevel(OptimizationLevel.Release));
        var weights = networks.Select(d => WeightsFor(compilation, d)).ToList();

        var driver = CSharpGeneratorDriver.Create([new UnitNetworkGenerator().AsSourceGenerator()], weights, AnalyzerHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var run = driver.GetRunResult().Results.Single();
        Assert.Null(run.Exception);
        Assert.DoesNotContain(generatorDiagnostics, d => d.Id == "CS8785");

        var analysis = output.WithAnalyzers(
            [new ThresholdAnalyzer()],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([.. weights]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var all = await analysis.GetAllDiagnosticsAsync();
        Assert.DoesNotContain(all, d => d.Id is "AD0001" or "AD0002");
        var compilerErrors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("UNIT", StringComparison.Ordinal)).ToArray();
        Assert.True(compilerErrors.Length == 0, "The generated code does not compile:\n" + string.Join("\n", compilerErrors.Take(10)));

        var tree = compilation.SyntaxTrees.Single();
        var spans = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().ToDictionary(c => c.Identifier.ValueText, c => c.FullSpan);
        var accepted = new List<NetworkDeclaration>();
        foreach (var network in networks)
        {
            var span = spans[network.ClassName];
            // Generator diagnostics carry file locations rebuilt from plain values (no SourceTree): compare by path.
            bool Inside(Diagnostic d) => d.Location.GetLineSpan().Path == tree.FilePath && span.Contains(d.Location.SourceSpan);
            var fromGenerator = generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && Inside(d)).ToArray();
            var fromAnalyzers = all.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("UNIT00", StringComparison.Ordinal) && Inside(d)).ToArray();
            var context = $"\n{network.Code}\ngenerator: {string.Join(" | ", fromGenerator.Select(Describe))}\nanalyzers: {string.Join(" | ", fromAnalyzers.Select(Describe))}";
            var refusals = fromGenerator.Concat(fromAnalyzers).ToArray();
            if (refusals.Length == 0)
            {
                Assert.False(network.MustBeRefused, $"'{network.Mutated}' is outside its valid range but was accepted:" + context);
                accepted.Add(network);
                continue;
            }

            // One mistake, one diagnostic: the generator's UNIT1xx, or the analyzers' UNIT001/UNIT004 on the argument
            // (the generator leaves those to them), never both.
            Assert.True(refusals.Length == 1, "More than one error for one mistake:" + context);
            var refusal = refusals[0];
            Assert.True(refusal.Id.StartsWith("UNIT1", StringComparison.Ordinal) || AnalyzerOwned.Contains(refusal.Id), "An analyzer error other than UNIT001/UNIT004:" + context);
            Assert.True(network.Mutated is not null, "A valid declaration was refused:" + context);
            Assert.True(Names(refusal, network.Mutated!), $"The refusal does not name '{network.Mutated}':" + context);
            Assert.True(FellBack(run, network), "The analyzers refuse a network the generator builds:" + context);
        }

        Assert.NotEmpty(accepted);
        Assert.True(accepted.Count < networks.Count, "No declaration was refused; the fuzzer draws no invalid values");
        RunAccepted(output, accepted);
    }

    /// <summary>The generator wrote the throwing fallback for the class, not kernels.</summary>
    private static bool FellBack(GeneratorRunResult run, NetworkDeclaration network) =>
        run.GeneratedSources.Any(g => g.HintName == $"Fuzz.{network.ClassName}.UnIT.g.cs" && g.SourceText.ToString().Contains("could not generate", StringComparison.Ordinal));

    private static string Describe(Diagnostic d) => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture);

    /// <summary>The message names the property (in its words: "out channels", "dilated kernel", "Padding").</summary>
    private static bool Names(Diagnostic diagnostic, string property)
    {
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        string[] words = property switch
        {
            "OutChannels" => ["channels"],
            "OutFeatures" => ["features", "weight tensor"],
            "name" => ["name"],
            _ when property.StartsWith("Dilation", StringComparison.Ordinal) => [property, "dilated"],
            _ when property.StartsWith("Kernel", StringComparison.Ordinal) || property == "kernel" => [property, "kernel", "window"],
            "GroupThresholds" => ["group"],
            "Input" => ["Input", "input"],
            _ => [property],
        };
        return words.Any(w => message.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A weight file matching the declaration as the generator reads it, or a one-tensor file when it cannot be built.</summary>
    private static AdditionalText WeightsFor(Compilation compilation, NetworkDeclaration declaration)
    {
        var symbol = compilation.GetTypeByMetadataName("Fuzz." + declaration.ClassName)!;
        var attribute = symbol.GetAttributes().First(a => a.AttributeClass?.Name == "UnitNetworkAttribute");
        var syntax = (ClassDeclarationSyntax)symbol.DeclaringSyntaxReferences[0].GetSyntax();
        var parsed = Parser.Parse(symbol, syntax, attribute, CancellationToken.None);
        var tensors = new List<NumPyArray>();
        if (parsed.Definition is { } definition && TryShapes(definition) is { } shapes)
        {
            var random = new Random(declaration.ClassName.Length * 7919);
            float Next() => random.Next(5) == 0 ? 0f : (float)Math.Round((random.NextDouble() * 2) - 1, 3);
            for (var i = 0; i < definition.Layers.Count; i++)
            {
                switch (definition.Layers[i])
                {
                    case PrunableLayer prunable:
                        var g = NetworkShapes.Geometry(prunable, shapes[i].Input);
                        int[] shape = prunable switch
                        {
                            DenseLayer => [g.OutChannels, g.InChannels],
                            ConvolutionLayer { SpatialDimensions: 1 } => [g.OutChannels, g.InChannels, g.KernelWidth],
                            _ => [g.OutChannels, g.InChannels, g.KernelHeight, g.KernelWidth],
                        };
                        tensors.Add(TestFiles.Tensor(prunable.Name + ".weight", _ => Next(), shape));
                        tensors.Add(TestFiles.Tensor(prunable.Name + ".bias", _ => Next(), g.OutChannels));
                        break;
                    case BatchNormLayer bn:
                        var channels = shapes[i].Input[0];
                        tensors.Add(TestFiles.Tensor(bn.Name + ".weight", _ => 1f + (Next() / 4), channels));
                        tensors.Add(TestFiles.Tensor(bn.Name + ".bias", _ => Next() / 4, channels));
                        tensors.Add(TestFiles.Tensor(bn.Name + ".running_mean", _ => Next() / 4, channels));
                        tensors.Add(TestFiles.Tensor(bn.Name + ".running_var", _ => 1f + Math.Abs(Next()), channels));
                        break;
                }
            }
        }
        else
        {
            tensors.Add(TestFiles.Tensor("unused", _ => 0f, 1));
        }

        return TestFiles.Weights(declaration.WeightFile, tensors);
    }

    private static IReadOnlyList<LayerShapes>? TryShapes(NetworkDefinition definition)
    {
        try
        {
            return NetworkShapes.Infer(definition);
        }
        catch (NetworkDefinitionException)
        {
            return null;
        }
    }

    /// <summary>Emits the compilation once and runs every accepted network on a few seeded inputs.</summary>
    private static void RunAccepted(Compilation output, IReadOnlyList<NetworkDeclaration> accepted)
    {
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("UnIT attribute fuzz", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var random = new Random(17);
            foreach (var network in accepted)
            {
                var type = assembly.GetType("Fuzz." + network.ClassName, throwOnError: true)!;
                var input = new float[(int)type.GetField("InputLength")!.GetValue(null)!];
                var result = new float[(int)type.GetField("OutputLength")!.GetValue(null)!];
                var infer = type.GetMethod("Infer", [typeof(ReadOnlySpan<float>), typeof(Span<float>)])!.CreateDelegate<Infer>();
                for (var sample = 0; sample < 3; sample++)
                {
                    for (var i = 0; i < input.Length; i++)
                    {
                        input[i] = random.Next(3) == 0 ? 0f : (float)random.NextDouble();
                    }

                    infer(input, result);
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private delegate void Infer(ReadOnlySpan<float> input, Span<float> output);
}
