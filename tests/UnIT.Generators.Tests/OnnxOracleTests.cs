using Microsoft.ML.OnnxRuntime;
using UnIT.Generators.Tests.Infrastructure;
using UnIT.NumPy;
using UnIT.Training.Pruning;
using Xunit;
using Xunit.Abstractions;

namespace UnIT.Generators.Tests;

/// <summary>
/// ONNX Runtime as an independent oracle: for PyTorch models exported to ONNX (tests/fixtures/onnx), the declaration
/// `unit declare` prints is generated from the .onnx file itself, and the Float32 kernels with threshold 0 compute what
/// ONNX Runtime computes on the same file.
/// </summary>
public class OnnxOracleTests(ITestOutputHelper output)
{
    /// <summary>Relative tolerance; an output's error is taken relative to the largest output magnitude of its inference.</summary>
    private const double Tolerance = 1e-5;

    private const int Samples = 20;

    public static TheoryData<string> Models() => new("mlp", "lenet", "strided");

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx", name);

    [Theory]
    [MemberData(nameof(Models))]
    public void Generated_Float32_kernels_match_OnnxRuntime(string model)
    {
        var file = model + ".onnx";
        var bytes = File.ReadAllBytes(Path(file));
        var definition = WeightFile.Parse(bytes, file).Onnx!.ToDefinition(model);
        var source = "using UnIT;\nnamespace Demo;\n" + AttributeDeclaration.Write(definition, file, "Model");
        var (result, compilation) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText(file, bytes)]);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        using var network = CompiledNetwork.Load(compilation, "Demo.Model");

        using var session = new InferenceSession(Path(file));
        var inputName = session.InputNames[0];
        long[] shape = [1, .. definition.InputShape.Dimensions];
        var random = new Random(model.Length);
        var worst = 0.0;
        for (var n = 0; n < Samples; n++)
        {
            var input = Enumerable.Range(0, definition.InputShape.ElementCount).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
            using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var outputs = session.Run(new RunOptions(), [inputName], [value], session.OutputNames);
            var expected = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var actual = new float[expected.Length];
            network.Infer(input, actual);

            var scale = expected.Max(v => Math.Abs((double)v));
            Assert.True(scale > 0, "the oracle's output is all zeros, so it checks nothing");
            for (var i = 0; i < expected.Length; i++)
            {
                var error = Math.Abs((double)actual[i] - expected[i]) / scale;
                worst = Math.Max(worst, error);
                Assert.True(error <= Tolerance, $"{model} sample {n} output {i}: UnIT {actual[i]:R}, ONNX Runtime {expected[i]:R} (relative error {error:E2})");
            }
        }

        output.WriteLine($"{model}: max relative error vs ONNX Runtime {worst:E2} over {Samples} inputs");
    }
}
