using UnIT.Collections;
using UnIT.Model;
using UnIT.Training.Pruning;

namespace UnIT.Cli.Tests;

/// <summary><c>unit declare</c>: the sample's classes are declared by it, so a declaration must build to the calibrated network.</summary>
public sealed class DeclareTests
{
    private static readonly string Models = RepositoryFiles.PathOf("sample-apps/Mnist/models");

    private const string StructuredLayers = "conv2d:conv1:3:5,relu,maxpool2d:2,conv2d:conv2:15:5,relu,maxpool2d:2,flatten,dense:fc1:10";

    /// <summary>The DS-CNN's layers as models/regenerate.sh gives them (depthwise convs as conv2d with GROUPS).</summary>
    private const string DsCnnLayers =
        "conv2d:conv1:16:3,relu,maxpool2d:2,conv2d:dw1:16:3:1:1:16,conv2d:pw1:32:1,relu,maxpool2d:2,conv2d:dw2:32:3:1:1:32,conv2d:pw2:32:1,relu,avgpool2d:2,flatten,dense:fc1:10";

    [Theory]
    [InlineData("MnistPrunedQ15ExactGather", "mnist-pruned.npz", "Gather", null)]
    [InlineData("MnistDenseSoftFloatBitsBucketed", "mnist-dense.npz", "Bucketed", null)]
    [InlineData("MnistStructuredQ15ReciprocalLutSorted", "mnist-structured.npz", "Sorted", StructuredLayers)]
    [InlineData("MnistDsCnnQ15ReciprocalLutBucketed", "mnist-dscnn.npz", "Bucketed", DsCnnLayers)]
    public void The_declaration_builds_to_the_class_the_sample_compiled_from_it(string className, string weights, string implementation, string? layers)
    {
        var calibration = className + ".calibration.txt";
        string[] network = layers is null ? [] : ["--layers", layers];
        var (exit, output, error) = CliRunner.Run(
            ["declare", "--weights", Path.Combine(Models, weights), .. network, "--calibration", Path.Combine(Models, calibration), "--implementation", implementation]);

        Assert.True(exit == 0, error);
        // The sample's class went through the real generator; written back, it must be what `unit declare` printed.
        // (Its definition also carries the ranges the generator took from the file; a declaration leaves them to the file.)
        var built = WithoutRanges(DeclaredNetwork.Load(new FileInfo(CliRunner.MnistSampleAssembly), className).Definition);
        Assert.Equal(AttributeDeclaration.Write(built, weights, className, calibration), output);
        Assert.Contains($"Implementation = KernelImplementation.{implementation}", output, StringComparison.Ordinal);
    }

    private static NetworkDefinition WithoutRanges(NetworkDefinition definition) => definition with
    {
        Options = definition.Options with { InputRange = null },
        Layers = definition.Layers.Select(layer => layer is PrunableLayer prunable
            ? prunable with { Pruning = prunable.Pruning with { OutputRange = null } }
            : layer).ToImmutableEquatableArray(),
    };

    [Fact]
    public void A_forced_kernel_goes_only_where_the_calibration_chose_a_threshold()
    {
        // MnistDenseQ15 is a baseline: every T is 0, so no layer gets the forced kernel.
        var (exit, output, error) = CliRunner.Run("declare", "--weights", Path.Combine(Models, "mnist-dense.npz"),
            "--calibration", Path.Combine(Models, "MnistDenseQ15.calibration.txt"), "--implementation", "Bucketed");

        Assert.True(exit == 0, error);
        Assert.DoesNotContain("Implementation", output, StringComparison.Ordinal);
        Assert.Contains("Calibration = \"MnistDenseQ15.calibration.txt\"", output, StringComparison.Ordinal);
        Assert.Contains("public static partial class MnistDenseQ15;", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calibration_file_for_another_network_is_one_error_naming_the_layers()
    {
        var (exit, _, error) = CliRunner.Run("declare", "--weights", Path.Combine(Models, "mnist-dense.npz"), "--layers", "dense:fc9:10",
            "--input", "784", "--calibration", Path.Combine(Models, "MnistDenseQ15.calibration.txt"));

        Assert.Equal(1, exit);
        Assert.Contains("conv1", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
