namespace UnIT.Cli.Tests;

/// <summary><c>unit declare</c> prints the declaration of a PyTorch-exported ONNX model (tests/fixtures/onnx).</summary>
public class OnnxDeclareTests
{
    [Fact]
    public void Declare_prints_the_attributes_of_an_exported_model_to_standard_output()
    {
        var (exit, output, _) = CliRunner.Run("declare", RepositoryFiles.PathOf("tests/fixtures/onnx/lenet.onnx"));

        Assert.Equal(0, exit);
        Assert.Equal(
            """
            [UnitNetwork("lenet.onnx", Input = "1x12x12")]
            [Conv2d("conv1", 4, Kernel = 3, Padding = 1)]
            [BatchNorm("bn1")]
            [ReLU]
            [MaxPool2d(2)]
            [Conv2d("conv2", 8, Kernel = 3)]
            [ReLU]
            [AvgPool2d(2)]
            [Flatten]
            [Dense("fc1", 10)]
            public static partial class Lenet;

            """.ReplaceLineEndings("\n"),
            output);
    }

    [Fact]
    public void Declare_names_the_class_and_the_anonymous_layers_after_their_node_scope()
    {
        var (exit, output, _) = CliRunner.Run("declare", RepositoryFiles.PathOf("tests/fixtures/onnx/strided.onnx"), "--class", "Strided");

        Assert.Equal(0, exit);
        Assert.Contains("[Conv2d(\"conv1\", 4, Kernel = 3, Stride = 2, Padding = 1)]\n[ReLU]\n[Conv2d(\"conv2\", 6, Kernel = 3, Padding = 1)]", output, StringComparison.Ordinal);
        Assert.EndsWith("public static partial class Strided;\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Declare_without_a_model_or_a_calibration_says_what_it_needs()
    {
        var (exit, _, error) = CliRunner.Run("declare", "--weights", "mnist-pruned.npz");

        Assert.Equal(1, exit);
        Assert.Contains("needs an ONNX model (unit declare model.onnx), or --weights and --calibration", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tests/fixtures/onnx/unsupported.onnx", "node '/act/Sigmoid' (Sigmoid) has no UnIT layer")]
    [InlineData("sample-apps/Mnist/models/mnist-dense.npz", "holds tensors but no graph")]
    [InlineData("tests/fixtures/onnx/bad_external_data.onnx", "external data")]
    public void Declare_refuses_in_one_line_what_it_cannot_declare(string file, string problem)
    {
        var (exit, _, error) = CliRunner.Run("declare", RepositoryFiles.PathOf(file));

        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
