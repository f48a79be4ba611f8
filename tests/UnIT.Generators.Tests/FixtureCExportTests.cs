using System.Runtime.Loader;
using UnIT.Generators.EmittingC;
using UnIT.Generators.Models;
using UnIT.Generators.Tests.Infrastructure;
using UnIT.Semantics;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// The C export beyond the MNIST sample's shapes: the PyTorch fixtures bring depthwise and grouped convolutions with a
/// channel multiplier (dscnn2d), padding, BatchNorm, threshold groups and average pooling (convnet2d), 1-D
/// convolutions with stride and dilation (convnet1d) and rectangular kernels with stride 2 (strided2d). Every Q15
/// variant, built for this machine, gives the generated C# kernels' outputs bit for bit and the ledger's every event.
/// </summary>
public sealed class FixtureCExportTests
{
    public static TheoryData<string> Fixtures => new(FixtureNetworks.Names);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void C_export_gives_the_csharp_kernels_outputs_and_ledger(string fixture)
    {
        // Every kernel with ReciprocalLut; the other divisions where they change the code (the scatter kernels' quotients),
        // on the fixtures with new layer kinds; the others add shapes, so one division there.
        var kernels = new[] { KernelImplementation.Dense, KernelImplementation.Gather, KernelImplementation.Sorted, KernelImplementation.Bucketed };
        var settings = kernels.Select(k => (Division: DivisionApproximation.ReciprocalLut, Kernel: k)).ToList();
        if (fixture is "dscnn2d" or "convnet2d")
        {
            settings.AddRange(
                from division in new[] { DivisionApproximation.Exact, DivisionApproximation.Pow2, DivisionApproximation.FloatBits }
                from kernel in new[] { KernelImplementation.Sorted, KernelImplementation.Bucketed }
                select (division, kernel));
        }

        var variants = settings
            .Select(s => new FixtureNetworks.Variant($"{fixture}_{s.Division}_{s.Kernel}", NumberFormat.Q15, s.Division, s.Kernel, Groups: s.Kernel != KernelImplementation.Dense))
            .ToArray();
        var source = "using UnIT;\nnamespace FixtureC;\n" + string.Join("\n", variants.Select(v => FixtureNetworks.Declaration(fixture, v)));
        var driver = GeneratorHarness.Driver([GeneratorHarness.WeightText(fixture + ".npz", FixtureNetworks.WeightBytes(fixture))])
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(source, "FixtureC"), out var output, out _);
        var result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        var models = result.Results.Single().TrackedSteps[StepNames.Models]
            .SelectMany(step => step.Outputs)
            .Select(o => (NetworkModel)o.Value)
            .ToDictionary(m => m.Class.Name);

        var context = new AssemblyLoadContext("UnIT fixture C export tests", isCollectible: true);
        var root = Directory.CreateTempSubdirectory("unit-fixture-c-").FullName;
        try
        {
            using var stream = new MemoryStream();
            var emitted = output.Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            stream.Position = 0;
            var assembly = context.LoadFromStream(stream);
            var inputs = FixtureNetworks.Inputs(fixture);
            foreach (var variant in variants)
            {
                var model = models[variant.ClassName];
                var quantized = inputs.Select(i => i.Select(x => Q15.Quantize(x, model.InputScale)).ToArray()).ToArray();
                var directory = Directory.CreateDirectory(Path.Combine(root, variant.ClassName)).FullName;
                var type = assembly.GetType("FixtureC." + variant.ClassName, throwOnError: true)!;
                CHostProgram.AssertMatchesCSharp(CEmitter.Emit(model), type, model.Layers.Count, model.OutputLength, quantized, directory);
            }
        }
        finally
        {
            context.Unload();
            Directory.Delete(root, recursive: true);
        }
    }
}
