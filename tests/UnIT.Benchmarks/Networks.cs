using System.Globalization;
using UnIT.NumPy;

namespace UnIT.Benchmarks;

/// <summary>Settings of the benchmark's LeNet, printed with every result so a number always comes with its semantics.</summary>
/// <param name="Threshold">UnIT threshold T of every conv/dense layer.</param>
/// <param name="Theta1">ReLU activation threshold θ after conv1.</param>
/// <param name="Theta2">ReLU activation threshold θ after conv2.</param>
/// <param name="Division">Quotient approximation (ReciprocalLut: the MSP430 with MPY32; Bucketed runs it comparison-free).</param>
/// <param name="InputRange">Largest |input| (sets the Q15 input scale): MNIST normalised pixels reach (1 − 0.1307) / 0.3081 ≈ 2.82.</param>
internal sealed record LeNetSettings(float Threshold, float Theta1, float Theta2, DivisionApproximation Division, float InputRange)
{
    public static LeNetSettings Default { get; } = new(0.05f, 1.5f, 3f, DivisionApproximation.ReciprocalLut, 2.83f);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"T = {Threshold} on conv1/conv2/fc1, ReLU θ = {Theta1} / {Theta2}, Division = {Division}, InputRange = {InputRange} (Q15)");
}

/// <summary>The networks the benchmarks generate: the paper's MNIST LeNet and a 100,000-weight MLP.</summary>
internal static class Networks
{
    public const string LeNetWeightFile = "lenet-mnist.npz";
    public const string MlpWeightFile = "mlp-784-128-10.npz";

    /// <summary>
    /// Real trained weights: the LeNet trained by UnIT.Training on the 8,000 embedded MNIST train digits (20 epochs,
    /// Adam, seed 1; 98.15 % on the 2,000 test digits), copied from the training branch's artifacts (22 KB).
    /// </summary>
    public static byte[] LeNetWeights()
    {
        using var stream = typeof(Networks).Assembly.GetManifestResourceStream("UnIT.Benchmarks.lenet-mnist.npz")
            ?? throw new InvalidOperationException("The LeNet weights are not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// One LeNet class: Conv2d(1→6, k5), ReLU(θ1), MaxPool2d(2), Conv2d(6→16, k5), ReLU(θ2), MaxPool2d(2), Flatten,
    /// Dense(256→10) on 1x28x28, every conv/dense layer forced to <paramref name="implementation"/>.
    /// </summary>
    public static string LeNet(string className, NumberFormat format, KernelImplementation implementation, LeNetSettings s)
    {
        var range = format == NumberFormat.Q15 ? Invariant($", InputRange = {s.InputRange}f") : string.Empty;
        return $$"""
            [UnitNetwork("{{LeNetWeightFile}}", Input = "1x28x28", Format = NumberFormat.{{format}}, Division = DivisionApproximation.{{s.Division}}, Threshold = {{F(s.Threshold)}}{{range}})]
            [Conv2d("conv1", 6, Kernel = 5, Implementation = KernelImplementation.{{implementation}})]
            [ReLU(ActivationThreshold = {{F(s.Theta1)}})]
            [MaxPool2d(2)]
            [Conv2d("conv2", 16, Kernel = 5, Implementation = KernelImplementation.{{implementation}})]
            [ReLU(ActivationThreshold = {{F(s.Theta2)}})]
            [MaxPool2d(2)]
            [Flatten]
            [Dense("fc1", 10, Implementation = KernelImplementation.{{implementation}})]
            public static partial class {{className}};

            """;
    }

    /// <summary>A 784→128→10 MLP (100,352 + 1,280 weights, 101,770 parameters) with the planner choosing each kernel.</summary>
    public static string Mlp(string className) => $$"""
        [UnitNetwork("{{MlpWeightFile}}", Input = "784", Format = NumberFormat.Float32, Division = DivisionApproximation.ReciprocalLut, Threshold = 0.05f)]
        [Dense("fc1", 128)]
        [ReLU(ActivationThreshold = 0.5f)]
        [Dense("fc2", 10)]
        public static partial class {{className}};

        """;

    /// <summary>
    /// Seeded, trained-looking MLP weights: Kaiming-normal (σ = √(2 / fan-in)) with a tenth of the weights drawn 3×
    /// wider (trained layers have heavy tails), small biases. The generator only needs plausible magnitudes.
    /// </summary>
    public static byte[] MlpWeights(int seed = 20250710)
    {
        var random = new Random(seed);
        float[] Normal(int count, double sigma)
        {
            var values = new float[count];
            for (var i = 0; i < count; i++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                values[i] = (float)(z * sigma * (random.NextDouble() < 0.1 ? 3 : 1));
            }

            return values;
        }

        return NpzWriter.ToBytes(
        [
            NumPyArray.FromSingles("fc1.weight", Normal(128 * 784, Math.Sqrt(2.0 / 784)), 128, 784),
            NumPyArray.FromSingles("fc1.bias", Normal(128, 0.01), 128),
            NumPyArray.FromSingles("fc2.weight", Normal(10 * 128, Math.Sqrt(2.0 / 128)), 10, 128),
            NumPyArray.FromSingles("fc2.bias", Normal(10, 0.01), 10),
        ], compressed: false);
    }

    public const string WideConvWeightFile = "conv-64-16-k3.npz";

    /// <summary>
    /// A size probe for the chunking of output-stationary kernels: one Conv2d(64→16, k3) on 64x10x10, i.e. 576 taps per
    /// output channel and 9,216 weights (unrolled under the default knob), forced to Gather.
    /// </summary>
    public static string WideConv(string className, NumberFormat format) => $$"""
        [UnitNetwork("{{WideConvWeightFile}}", Input = "64x10x10", Format = NumberFormat.{{format}}, Threshold = 0.05f{{(format == NumberFormat.Q15 ? ", InputRange = 4f" : string.Empty)}})]
        [Conv2d("conv1", 16, Kernel = 3, Implementation = KernelImplementation.Gather)]
        public static partial class {{className}};

        """;

    /// <summary>Seeded Kaiming-uniform weights for <see cref="WideConv"/> (only the code size matters).</summary>
    public static byte[] WideConvWeights(int seed = 20250711)
    {
        var random = new Random(seed);
        var bound = Math.Sqrt(6.0 / (64 * 9));
        float[] Uniform(int count, double limit) => Enumerable.Range(0, count).Select(_ => (float)(((random.NextDouble() * 2) - 1) * limit)).ToArray();
        return NpzWriter.ToBytes(
        [
            NumPyArray.FromSingles("conv1.weight", Uniform(16 * 64 * 9, bound), 16, 64, 3, 3),
            NumPyArray.FromSingles("conv1.bias", Uniform(16, 0.01), 16),
        ], compressed: false);
    }

    /// <summary>The source file around network declarations.</summary>
    public static string Source(IEnumerable<string> declarations) =>
        "using UnIT;\nnamespace Bench;\n\n" + string.Join("\n", declarations);

    private static string F(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
