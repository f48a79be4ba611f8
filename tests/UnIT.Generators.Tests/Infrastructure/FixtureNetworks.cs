using System.Globalization;
using System.Text;
using UnIT.NumPy;

namespace UnIT.Generators.Tests.Infrastructure;

/// <summary>
/// Attribute declarations of the PyTorch fixture models (tests/fixtures/torch), with every setting that the tests
/// vary: format, division, kernel implementation, thresholds and groups.
/// </summary>
public static class FixtureNetworks
{
    public static readonly string[] Names = ["convnet2d", "convnet1d", "strided2d", "dscnn2d"];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "torch");

    public static byte[] WeightBytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".npz"));

    public static float[][] Inputs(string name)
    {
        var inputs = WeightFile.Load(Path.Combine(Directory, name + "_io.npz")).Get("inputs");
        var data = inputs.ToSingleArray();
        var size = data.Length / inputs.Shape[0];
        return Enumerable.Range(0, inputs.Shape[0]).Select(s => data.AsSpan(s * size, size).ToArray()).ToArray();
    }

    public sealed record Variant(string ClassName, NumberFormat Format, DivisionApproximation Division, KernelImplementation Implementation, bool Groups);

    /// <summary>One class declaration of fixture <paramref name="name"/> with the variant's settings.</summary>
    public static string Declaration(string name, Variant v)
    {
        var q15 = v.Format == NumberFormat.Q15;
        string Prunable(string layer, bool supportsScatter, string? groups = null)
        {
            var implementation = !supportsScatter && v.Implementation is KernelImplementation.Sorted or KernelImplementation.Bucketed
                ? KernelImplementation.Gather
                : v.Implementation;
            var settings = new StringBuilder();
            settings.Append(CultureInfo.InvariantCulture, $", Implementation = KernelImplementation.{implementation}");
            if (q15)
            {
                settings.Append(", OutputRange = 8f");
            }

            if (v.Groups && groups is not null)
            {
                settings.Append(", ").Append(groups);
            }

            return settings.ToString();
        }

        var header = $"[UnitNetwork(\"{name}.npz\", Input = \"{InputShape(name)}\", Format = NumberFormat.{v.Format}, Division = DivisionApproximation.{v.Division}, Threshold = 0.02f{(q15 ? ", InputRange = 4f" : string.Empty)})]";
        var layers = name switch
        {
            "convnet2d" =>
            [
                $"[Conv2d(\"conv1\", 4, Kernel = 3, Padding = 1{Prunable("conv1", true, "GroupSize = 2, GroupThresholds = new[] { 0.01f, 0.04f }")})]",
                "[BatchNorm(\"bn1\")]", "[ReLU]", "[MaxPool2d(2)]",
                $"[Conv2d(\"conv2\", 8, Kernel = 3{Prunable("conv2", true, "GroupSize = 4, GroupThresholds = new[] { 0.03f, 0f }")})]",
                "[ReLU(ActivationThreshold = 0.25f)]", "[AvgPool2d(2)]", "[Flatten]",
                $"[Dense(\"fc1\", 10{Prunable("fc1", true, "GroupSize = 5, GroupThresholds = new[] { 0.05f, 0.01f }")})]",
            ],
            "convnet1d" =>
            [
                $"[Conv1d(\"conv1\", 4, Kernel = 5, Stride = 2, Padding = 2{Prunable("conv1", false)})]", "[ReLU]", "[MaxPool1d(2)]",
                $"[Conv1d(\"conv2\", 6, Kernel = 3, Dilation = 2{Prunable("conv2", false)})]", "[ReLU]", "[Flatten]",
                $"[Dense(\"fc1\", 5{Prunable("fc1", true)})]",
            ],
            "dscnn2d" =>
            [
                $"[Conv2d(\"conv1\", 4, Kernel = 3, Padding = 1{Prunable("conv1", true, "GroupSize = 2, GroupThresholds = new[] { 0.01f, 0.04f }")})]", "[ReLU]",
                $"[Conv2d(\"dw1\", 8, Kernel = 3, Padding = 1, Groups = 4{Prunable("dw1", true, "GroupSize = 4, GroupThresholds = new[] { 0.03f, 0f }")})]", "[ReLU]",
                $"[Conv2d(\"pw1\", 6, Kernel = 1{Prunable("pw1", true)})]", "[ReLU(ActivationThreshold = 0.1f)]",
                $"[Conv2d(\"dw2\", 6, Kernel = 3, Groups = 6{Prunable("dw2", true)})]", "[ReLU]", "[AvgPool2d(2)]", "[Flatten]",
                $"[Dense(\"fc1\", 5{Prunable("fc1", true)})]",
            ],
            _ => (string[])
            [
                $"[Conv2d(\"conv1\", 3, KernelHeight = 3, KernelWidth = 2, StrideHeight = 2, PaddingHeight = 1, DilationWidth = 2{Prunable("conv1", false)})]",
                "[ReLU]", "[Flatten]", $"[Dense(\"fc1\", 4{Prunable("fc1", true)})]",
            ],
        };

        return string.Join("\n", new[] { header }.Concat(layers)) + $"\npublic static partial class {v.ClassName};\n";
    }

    private static string InputShape(string name) => name switch
    {
        "convnet2d" => "1x12x12",
        "convnet1d" => "2x32",
        "dscnn2d" => "2x8x8",
        _ => "2x9x8",
    };
}
