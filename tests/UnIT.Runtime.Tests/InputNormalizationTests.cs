using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using Xunit;

namespace UnIT.Runtime.Tests;

/// <summary>
/// A declared training normalisation (<c>InputMean</c>, <c>InputStandardDeviation</c>) folded into the first conv/dense
/// layer: the network on raw inputs computes what the plain one computes on normalised inputs; folds it cannot do
/// exactly are refused with the setting named.
/// </summary>
public class InputNormalizationTests
{
    private const float Mean = 0.1307f;
    private const float StandardDeviation = 0.3081f;

    private static readonly NetworkOptions Folding = new() { InputMean = Mean, InputStandardDeviation = StandardDeviation };

    private static float[] Seeded(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }

    /// <summary>2x6x6 → conv 3 (3x3) + BatchNorm → ReLU → MaxPool 2 → flatten → dense 12→4, seeded weights.</summary>
    private static WeightFile Weights() => TestWeights.Create(
        ("conv1.weight", Seeded(54, 1), [3, 2, 3, 3]), ("conv1.bias", Seeded(3, 2), [3]),
        ("bn1.weight", [1.5f, 0.5f, 2f], [3]), ("bn1.bias", [0.1f, -0.2f, 0f], [3]),
        ("bn1.running_mean", [0.3f, -0.1f, 0.2f], [3]), ("bn1.running_var", [0.8f, 1.2f, 0.5f], [3]),
        ("fc1.weight", Seeded(48, 3), [4, 12]), ("fc1.bias", Seeded(4, 4), [4]));

    private static NetworkDefinition Network(NetworkOptions options) =>
        new NetworkBuilder("Folded", TensorShape.Of(2, 6, 6)).Conv2d("conv1", 3, 3).BatchNorm("bn1").ReLU().MaxPool2d(2)
            .Flatten().Dense("fc1", 4).Build(options);

    /// <summary>Raw inputs in [0, 1], half of them exactly 0.</summary>
    private static float[][] RawInputs() =>
        Enumerable.Range(0, 6).Select(seed =>
        {
            var random = new Random(100 + seed);
            return Enumerable.Range(0, 72).Select(_ => random.NextDouble() < 0.5 ? 0f : (float)random.NextDouble()).ToArray();
        }).ToArray();

    private static float[] Normalized(float[] raw) => raw.Select(x => (x - Mean) / StandardDeviation).ToArray();

    [Theory]
    [InlineData(KernelImplementation.Dense)]
    [InlineData(KernelImplementation.Bucketed)]
    public void Raw_inputs_through_the_folded_network_equal_normalised_inputs_through_the_plain_one(KernelImplementation implementation)
    {
        var folded = new ReferenceInterpreter(PreparedNetwork.Prepare(Network(Folding), Weights()), NumberFormat.Float32, [implementation]);
        var plain = new ReferenceInterpreter(PreparedNetwork.Prepare(Network(NetworkOptions.Default), Weights()), NumberFormat.Float32, [implementation]);
        var (foldedLedger, plainLedger) = (folded.CreateLedger(), plain.CreateLedger());
        foreach (var raw in RawInputs())
        {
            var expected = plain.Run(Normalized(raw), plainLedger);
            var actual = folded.Run(raw, foldedLedger);
            for (var o = 0; o < expected.Length; o++)
            {
                Assert.True(Math.Abs(expected[o] - actual[o]) <= 1e-5 * Math.Max(1, Math.Abs(expected[o])), $"output {o}: {actual[o]} vs {expected[o]}");
            }
        }

        if (implementation != KernelImplementation.Dense)
        {
            // The point of folding: raw zeros (about half the inputs) are skipped, their normalised value (−0.42) is not.
            Assert.True(foldedLedger.Layer(0).MacsPerformed < plainLedger.Layer(0).MacsPerformed * 0.6,
                $"conv1 MACs: folded {foldedLedger.Layer(0).MacsPerformed}, plain {plainLedger.Layer(0).MacsPerformed}");
        }
    }

    [Fact]
    public void Only_the_first_conv_dense_layer_is_rewritten_and_by_the_documented_formula()
    {
        var folded = PreparedNetwork.Prepare(Network(Folding), Weights()).MacLayers.ToArray();
        var plain = PreparedNetwork.Prepare(Network(NetworkOptions.Default), Weights()).MacLayers.ToArray();
        var fanIn = plain[0].Geometry.FanIn;
        for (var o = 0; o < 3; o++)
        {
            var sum = 0.0;
            for (var i = o * fanIn; i < (o + 1) * fanIn; i++)
            {
                sum += plain[0].Weights[i];
                Assert.Equal((float)(plain[0].Weights[i] / (double)StandardDeviation), folded[0].Weights[i]);
            }

            Assert.Equal((float)(plain[0].Bias[o] - (Mean / (double)StandardDeviation * sum)), folded[0].Bias[o]);
        }

        Assert.Equal(plain[1].Weights.ToArray(), folded[1].Weights.ToArray());
        Assert.Equal(plain[1].Bias.ToArray(), folded[1].Bias.ToArray());
    }

    [Fact]
    public void Pooling_before_the_first_layer_still_folds_exactly()
    {
        NetworkDefinition PoolFirst(NetworkOptions options) =>
            new NetworkBuilder("PoolFirst", TensorShape.Of(2, 12, 12)).MaxPool2d(2).Conv2d("conv1", 3, 3).BatchNorm("bn1").ReLU().MaxPool2d(2)
                .Flatten().Dense("fc1", 4).Build(options);
        var folded = new ReferenceInterpreter(PreparedNetwork.Prepare(PoolFirst(Folding), Weights()), NumberFormat.Float32);
        var plain = new ReferenceInterpreter(PreparedNetwork.Prepare(PoolFirst(NetworkOptions.Default), Weights()), NumberFormat.Float32);
        var random = new Random(7);
        var raw = Enumerable.Range(0, 288).Select(_ => random.NextDouble() < 0.5 ? 0f : (float)random.NextDouble()).ToArray();
        var expected = plain.Run(Normalized(raw));
        var actual = folded.Run(raw);
        Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.First)), $"{p.Second} vs {p.First}"));
    }

    [Theory]
    [InlineData(float.NaN, 1f, "InputMean NaN must be a finite number")]
    [InlineData(0f, 0f, "InputStandardDeviation 0 must be a positive finite number")]
    [InlineData(0f, -2f, "InputStandardDeviation -2 must be a positive finite number")]
    [InlineData(0f, float.PositiveInfinity, "InputStandardDeviation Infinity must be a positive finite number")]
    public void Nonsense_normalisation_settings_name_the_setting(float mean, float std, string expected)
    {
        var options = new NetworkOptions { InputMean = mean, InputStandardDeviation = std };
        var error = Assert.Throws<NetworkDefinitionException>(() => PreparedNetwork.Prepare(Network(options), Weights()));
        Assert.Contains(expected, error.Message);
        Assert.Equal(NetworkProblemKind.InvalidSetting, error.Kind);
    }

    [Fact]
    public void A_padded_first_convolution_or_a_relu_before_it_is_refused_with_the_way_out()
    {
        var padded = new NetworkBuilder("Padded", TensorShape.Of(2, 6, 6)).Conv2d("conv1", 3, 3, padding: 1).BatchNorm("bn1").ReLU().MaxPool2d(2)
            .Flatten().Dense("fc1", 4).Build(Folding);
        var error = Assert.Throws<NetworkDefinitionException>(() => PreparedNetwork.Prepare(padded, Weights()));
        Assert.Contains("padded convolution", error.Message);
        Assert.Contains("conv1", error.Message);
        Assert.Contains("normalise the inputs before calling the network", error.Message);

        var reluFirst = new NetworkBuilder("ReluFirst", TensorShape.Of(2, 6, 6)).ReLU().Conv2d("conv1", 3, 3).BatchNorm("bn1").ReLU().MaxPool2d(2)
            .Flatten().Dense("fc1", 4).Build(Folding);
        Assert.Contains("a ReLU layer comes before it", Assert.Throws<NetworkDefinitionException>(() => PreparedNetwork.Prepare(reluFirst, Weights())).Message);
    }
}
