using Microsoft.CodeAnalysis;
using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>An ONNX weight file the declaration does not match, or that UnIT cannot read, is one named generator error.</summary>
public class OnnxDiagnosticsTests
{
    private const string Lenet = """
        using UnIT;
        namespace Demo;
        [UnitNetwork("lenet.onnx", Input = "1x12x12")]
        [Conv2d("conv1", 4, Kernel = 3, Padding = 1)]
        [BatchNorm("bn1")]
        [ReLU]
        [MaxPool2d(POOL)]
        [Conv2d("conv2", 8, Kernel = 3)]
        [ReLU]
        [AvgPool2d(2)]
        [Flatten]
        [Dense("fc1", 10)]
        public static partial class Lenet;
        """;

    [Fact]
    public void A_layer_that_differs_from_its_node_is_UNIT112_at_that_attribute()
    {
        var bytes = File.ReadAllBytes(OnnxOracleTests.Path("lenet.onnx"));

        var source = Lenet.Replace("POOL", "3", StringComparison.Ordinal);
        var diagnostic = Single(source, "lenet.onnx", bytes, "UNIT112");

        Assert.Contains("node '/pool1/MaxPool' (MaxPool) has kernel 2x2, the attribute 3x3", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("MaxPool2d(3)", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void The_matching_declaration_generates()
    {
        var bytes = File.ReadAllBytes(OnnxOracleTests.Path("lenet.onnx"));

        var (result, _) = GeneratorHarness.Run(Lenet.Replace("POOL", "2", StringComparison.Ordinal), [GeneratorHarness.WeightText("lenet.onnx", bytes)]);

        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData("bad_float16.onnx", "UNIT104")]
    [InlineData("bad_missing_initializer.onnx", "UNIT105")]
    [InlineData("bad_external_data.onnx", "UNIT103")]
    [InlineData("truncated", "UNIT103")]
    public void An_ONNX_file_UnIT_cannot_read_is_one_weight_file_error(string file, string id)
    {
        var bytes = file == "truncated" ? File.ReadAllBytes(OnnxOracleTests.Path("lenet.onnx"))[..1000] : File.ReadAllBytes(OnnxOracleTests.Path(file));
        var source = "using UnIT;\nnamespace Demo;\n[UnitNetwork(\"m.onnx\", Input = \"4\")]\n[Dense(\"fc1\", 3)]\npublic static partial class M;\n";

        var diagnostic = Single(source, "m.onnx", bytes, id);

        Assert.StartsWith("Weight file 'm.onnx'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    private static Diagnostic Single(string source, string name, byte[] bytes, string id)
    {
        var (result, _) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText(name, bytes)]);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        return diagnostic;
    }
}
