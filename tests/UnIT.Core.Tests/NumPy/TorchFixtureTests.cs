using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>The PyTorch reference models (tests/fixtures/torch) are readable, with exactly the documented tensors.</summary>
public class TorchFixtureTests
{
    public static TheoryData<string, string[], int[][], int[], int[][]> Models() => new()
    {
        {
            "convnet2d",
            ["conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias"],
            [[4, 1, 3, 3], [4], [4], [4], [4], [4], [8, 4, 3, 3], [8], [10, 32], [10]],
            [1, 12, 12],
            [[4, 12, 12], [4, 12, 12], [4, 12, 12], [4, 6, 6], [8, 4, 4], [8, 4, 4], [8, 2, 2], [32], [10]]
        },
        {
            "convnet1d",
            ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias"],
            [[4, 2, 5], [4], [6, 4, 3], [6], [5, 24], [5]],
            [2, 32],
            [[4, 16], [4, 16], [4, 8], [6, 4], [6, 4], [24], [5]]
        },
        {
            "strided2d",
            ["conv1.weight", "conv1.bias", "fc1.weight", "fc1.bias"],
            [[3, 2, 3, 2], [3], [4, 90], [4]],
            [2, 9, 8],
            [[3, 5, 6], [3, 5, 6], [90], [4]]
        },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void State_dict_has_the_documented_names_and_shapes(string model, string[] names, int[][] shapes, int[] input, int[][] activations)
    {
        _ = input;
        _ = activations;
        var weights = WeightFile.Load(Fixtures.Torch(model + ".npz"));

        Assert.Equal(names, weights.Tensors.Select(t => t.Name));
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(shapes[i], weights.Tensors[i].Shape);
            Assert.Equal(NumPyDType.Float32, weights.Tensors[i].DType);
            Assert.False(weights.Tensors[i].HasNonFinite(out _));
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Io_file_has_inputs_outputs_and_one_activation_per_layer(string model, string[] names, int[][] shapes, int[] input, int[][] activations)
    {
        _ = names;
        var io = WeightFile.Load(Fixtures.Torch(model + "_io.npz"));

        var expectedNames = new[] { "inputs", "outputs" }.Concat(activations.Select((_, i) => $"act{i}"));
        Assert.Equal(expectedNames, io.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 8 }.Concat(input), io.Get("inputs").Shape);
        Assert.Equal(new[] { 8, shapes[^1][0] }, io.Get("outputs").Shape);
        for (var i = 0; i < activations.Length; i++)
        {
            Assert.Equal(new[] { 8 }.Concat(activations[i]), io.Get($"act{i}").Shape);
        }

        Assert.All(io.Tensors, t => Assert.Equal(NumPyDType.Float32, t.DType));
        Assert.Equal(io.Get("outputs").ToSingleArray(), io.Get($"act{activations.Length - 1}").ToSingleArray());
    }

    [Fact]
    public void A_torch_save_checkpoint_is_recognised_and_the_export_explained()
    {
        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Load(Fixtures.Torch("convnet1d_state_dict.pt")));

        Assert.Equal("convnet1d_state_dict.pt", e.FileName);
        Assert.Null(e.TensorName);
        Assert.Contains("PyTorch checkpoint", e.Problem, StringComparison.Ordinal);
        Assert.Contains("state_dict()", e.Fix, StringComparison.Ordinal);
        Assert.Contains("np.savez", e.Fix, StringComparison.Ordinal);
    }
}
