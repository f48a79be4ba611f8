using UnIT.Calibration;
using UnIT.Collections;
using UnIT.NumPy;

namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>
/// An MNIST LeNet as the sample declares it (Q15 on the FR5994 with the reciprocal table, thresholds set from its
/// calibration file), with PyTorch-initialised weights from a fixed seed: a well-set network no rule should fire on.
/// </summary>
public static class LeNet
{
    public const string Source = """
        using UnIT;

        namespace Samples.Mnist;

        [UnitNetwork("lenet.npz", Input = "1x28x28", Format = NumberFormat.Q15, Profile = TargetProfile.Msp430FR5994,
                     Division = DivisionApproximation.ReciprocalLut, Calibration = "lenet.calibration.txt")]
        [Conv2d("conv1", 6, Kernel = 5, Threshold = 0.05f)]
        [ReLU(ActivationThreshold = 0.25f)]
        [MaxPool2d(2)]
        [Conv2d("conv2", 16, Kernel = 5, GroupSize = 4, GroupThresholds = new[] { 0.03f, 0.05f, 0.04f, 0.04f })]
        [ReLU]
        [MaxPool2d(2)]
        [Flatten]
        [Dense("fc1", 10, Threshold = 0.1f)]
        public static partial class MnistLeNet;
        """;

    public static TestAdditionalText Weights()
    {
        var random = new Random(20250101);

        // PyTorch's default init: uniform on ±1/sqrt(fan_in) for weights and bias.
        NumPyArray Uniform(string name, int fanIn, params int[] shape)
        {
            var bound = 1 / Math.Sqrt(fanIn);
            return TestFiles.Tensor(name, _ => (float)(((random.NextDouble() * 2) - 1) * bound), shape);
        }

        return TestFiles.Weights("lenet.npz",
        [
            Uniform("conv1.weight", 25, 6, 1, 5, 5), Uniform("conv1.bias", 25, 6),
            Uniform("conv2.weight", 150, 16, 6, 5, 5), Uniform("conv2.bias", 150, 16),
            Uniform("fc1.weight", 256, 10, 256), Uniform("fc1.bias", 256, 10),
        ]);
    }

    public static TestAdditionalText Calibration()
    {
        static ImmutableEquatableArray<float> Magnitudes(float median) =>
            Enumerable.Range(1, 16).Select(i => median * i / 8f).ToImmutableEquatableArray();

        return TestFiles.Calibration("lenet.calibration.txt", new CalibrationData(
            "MnistLeNet", NumberFormat.Q15, TargetProfile.Msp430FR5994, DivisionApproximation.ReciprocalLut, 2.8215f, 0.5, 0.981, 0.978, 1000,
            new CalibratedLayer[]
            {
                new("conv1", 0.05f, 0, ImmutableEquatableArray<float>.Empty, null, 6.5f, 0.19, Magnitudes(1.2f)),
                new("relu1", null, 0, ImmutableEquatableArray<float>.Empty, 0.25f, null, null, ImmutableEquatableArray<float>.Empty),
                new("conv2", 0.04f, 4, new[] { 0.03f, 0.05f, 0.04f, 0.04f }.ToImmutableEquatableArray(), null, 8f, 0.62, Magnitudes(0.9f)),
                new("fc1", 0.1f, 0, ImmutableEquatableArray<float>.Empty, null, 12f, 0.55, Magnitudes(1.5f)),
            }.ToImmutableEquatableArray()));
    }
}
