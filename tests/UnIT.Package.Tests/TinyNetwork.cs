using UnIT.NumPy;

namespace UnIT.Package.Tests;

/// <summary>
/// The consumer program the build-integration tests compile: a two-layer network over a weight file written with
/// NpzWriter, and a Program that prints what the generated code computes and what the build embedded.
/// </summary>
public static class TinyNetwork
{
    /// <summary>The UnitWeights item, relative to the project.</summary>
    public const string WeightItem = "weights/tiny.npz";

    /// <summary>
    /// Exact in float32 whatever the summation order, so the printed output is exact too:
    /// h = relu(W1·[1,2,3,4] + b1) = relu([1, -0.5, 0.75]) = [1, 0, 0.75]; y = W2·h + b2 = [1.5, 2].
    /// </summary>
    public static IReadOnlyList<string> ExpectedOutput { get; } =
    [
        "output: 1.5 2",
        "predict: 1",
        "dense MACs: 18",
        "resource: UnIT.Weights.tiny.npz",
        "embedded: fc1.weight [3, 4], fc1.bias [3], fc2.weight [2, 3], fc2.bias [2]",
    ];

    public static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Writes the weight file, the network declaration and Program.cs into a project directory.</summary>
    public static void WriteSources(string directory)
    {
        var weights = Path.Combine(directory, WeightItem);
        Directory.CreateDirectory(Path.GetDirectoryName(weights)!);
        NpzWriter.WriteFile(weights,
        [
            NumPyArray.FromSingles("fc1.weight", [0.5f, -1f, 0f, 0.25f, 1f, 0.5f, -0.5f, 0f, -1f, -1f, 0.5f, 0.5f], 3, 4),
            NumPyArray.FromSingles("fc1.bias", [1.5f, -1f, 0.25f], 3),
            NumPyArray.FromSingles("fc2.weight", [2f, 1f, -1f, -0.5f, 3f, 4f], 2, 3),
            NumPyArray.FromSingles("fc2.bias", [0.25f, -0.5f], 2),
        ], compressed: false);

        File.WriteAllText(Path.Combine(directory, "Tiny.cs"), """
            using UnIT;

            namespace Consumer;

            [UnitNetwork("tiny.npz", Input = "4")]
            [Dense("fc1", 3)]
            [ReLU]
            [Dense("fc2", 2)]
            public static partial class Tiny;
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using System.Globalization;
            using Consumer;
            using UnIT.NumPy;

            float[] input = [1f, 2f, 3f, 4f];
            var output = new float[2];
            Tiny.Infer(input, output);
            Console.WriteLine("output: " + string.Join(" ", output.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            Console.WriteLine("predict: " + Tiny.Predict(input).ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("dense MACs: " + Tiny.DenseMacs.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("resource: " + Tiny.WeightResourceName);

            // The resource name the build promises (docs/build-integration.md), read without the generated helper.
            using var resource = typeof(Tiny).Assembly.GetManifestResourceStream("UnIT.Weights.tiny.npz")
                ?? throw new InvalidOperationException("the weight file is not embedded");
            using var bytes = new MemoryStream();
            resource.CopyTo(bytes);
            var weights = WeightFile.Parse(bytes.ToArray(), "tiny.npz");
            Console.WriteLine("embedded: " + string.Join(", ", weights.Tensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}]")));
            """);
    }
}
