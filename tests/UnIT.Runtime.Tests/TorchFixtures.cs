using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;

namespace UnIT.Runtime.Tests;

/// <summary>
/// The PyTorch models of <c>tests/fixtures/torch</c> (see its README) declared as UnIT networks, with their recorded
/// inputs and outputs.
/// </summary>
public static class TorchFixtures
{
    public static readonly string[] Names = ["convnet2d", "convnet1d", "strided2d", "dscnn2d"];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "torch");

    public static NetworkDefinition Definition(string name, NetworkOptions? options = null, Func<PruningSettings, PruningSettings>? pruning = null)
    {
        var p = pruning ?? (s => s);
        return name switch
        {
            "convnet2d" => new NetworkBuilder(name, TensorShape.Of(1, 12, 12))
                .Conv2d("conv1", 4, 3, padding: 1, pruning: p(PruningSettings.Default)).BatchNorm("bn1").ReLU().MaxPool2d(2)
                .Conv2d("conv2", 8, 3, pruning: p(PruningSettings.Default)).ReLU(0.25f).AvgPool2d(2)
                .Flatten().Dense("fc1", 10, p(PruningSettings.Default))
                .Build(options),
            "convnet1d" => new NetworkBuilder(name, TensorShape.Of(2, 32))
                .Conv1d("conv1", 4, 5, stride: 2, padding: 2, pruning: p(PruningSettings.Default)).ReLU().MaxPool1d(2)
                .Conv1d("conv2", 6, 3, dilation: 2, pruning: p(PruningSettings.Default)).ReLU()
                .Flatten().Dense("fc1", 5, p(PruningSettings.Default))
                .Build(options),
            "strided2d" => new NetworkBuilder(name, TensorShape.Of(2, 9, 8))
                .Add(new ConvolutionLayer("conv1", 2, 3, 3, 2, 2, 1, 1, 0, 1, 2, p(PruningSettings.Default))).ReLU()
                .Flatten().Dense("fc1", 4, p(PruningSettings.Default))
                .Build(options),
            "dscnn2d" => new NetworkBuilder(name, TensorShape.Of(2, 8, 8))
                .Conv2d("conv1", 4, 3, padding: 1, pruning: p(PruningSettings.Default)).ReLU()
                .Conv2d("dw1", 8, 3, padding: 1, pruning: p(PruningSettings.Default), groups: 4).ReLU()
                .Conv2d("pw1", 6, 1, pruning: p(PruningSettings.Default)).ReLU()
                .Conv2d("dw2", 6, 3, pruning: p(PruningSettings.Default), groups: 6).ReLU().AvgPool2d(2)
                .Flatten().Dense("fc1", 5, p(PruningSettings.Default))
                .Build(options),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown fixture."),
        };
    }

    public static WeightFile Weights(string name) => WeightFile.Load(Path.Combine(Directory, name + ".npz"));

    public static PreparedNetwork Prepare(string name, NetworkOptions? options = null, Func<PruningSettings, PruningSettings>? pruning = null) =>
        PreparedNetwork.Prepare(Definition(name, options, pruning), Weights(name));

    /// <summary>The recorded inputs and PyTorch outputs, one array per sample.</summary>
    public static (float[][] Inputs, float[][] Outputs) InputsAndOutputs(string name)
    {
        var io = WeightFile.Load(Path.Combine(Directory, name + "_io.npz"));
        return (Split(io.Get("inputs")), Split(io.Get("outputs")));
    }

    private static float[][] Split(NumPyArray array)
    {
        var data = array.ToSingleArray();
        var samples = array.Shape[0];
        var size = data.Length / samples;
        return Enumerable.Range(0, samples).Select(s => data.AsSpan(s * size, size).ToArray()).ToArray();
    }
}
