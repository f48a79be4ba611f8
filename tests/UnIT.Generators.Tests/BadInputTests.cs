using System.IO.Compression;
using System.Text;
using Microsoft.CodeAnalysis;
using UnIT.Generators.Tests.Infrastructure;
using UnIT.NumPy;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// Every bad input gets one specific diagnostic naming the file, tensor or attribute and the fix, on the right
/// attribute, and no kernels: only the fallback members that keep the project compiling (unless the class cannot take
/// members at all); the generator never throws (CS8785).
/// </summary>
public class BadInputTests
{
    private static readonly string Source = TinyNetworks.ConvDenseSource("Bad", ", Threshold = 0.05f", string.Empty, string.Empty);

    private static Diagnostic Single(string source, IEnumerable<AdditionalText> texts, string expectedId)
    {
        var (result, output) = GeneratorHarness.Run(source, texts);
        var run = result.Results.Single();
        Assert.Null(run.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
        if (expectedId == "UNIT100")
        {
            Assert.Empty(run.GeneratedSources);
        }
        else
        {
            Assert.Contains("could not generate", Assert.Single(run.GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(expectedId, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        // Generator diagnostics carry file locations rebuilt from plain values (models hold no Location objects).
        Assert.Equal("Network.cs", diagnostic.Location.GetLineSpan().Path);
        LastSource = source;
        Assert.Contains($"docs/diagnostics/{expectedId}.md", diagnostic.Descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return diagnostic;
    }

    private static Diagnostic WithWeights(byte[] weights, string expectedId) =>
        Single(Source, [GeneratorHarness.WeightText("tiny.npz", weights)], expectedId);

    [ThreadStatic]
    private static string? LastSource;

    /// <summary>The source text a diagnostic points at.</summary>
    private static string Located(Diagnostic diagnostic) =>
        LastSource!.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    /// <summary>A .npy file with any header, for dtypes NumPy's writers here cannot produce on purpose.</summary>
    private static byte[] RawNpy(string descr, string shape, byte[] data)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        header = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("\u0093NUMPY").Select(b => (byte)(b == 0x3F ? 0x93 : b))) { 1, 0 };
        bytes[0] = 0x93;
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    /// <summary>The tiny network's weights with one member replaced by raw bytes.</summary>
    private static byte[] WithMember(string name, byte[] member)
    {
        var good = WeightFile.Parse(TinyNetworks.ConvDenseWeights(), "tiny.npz");
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var tensor in good.Tensors)
            {
                var entry = zip.CreateEntry(tensor.Name + ".npy", CompressionLevel.NoCompression);
                using var output = entry.Open();
                var bytes = tensor.Name == name ? member : NpyWriter.ToBytes(tensor);
                output.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    private static byte[] Replace(string name, float[] data, params int[] shape) =>
        WithMember(name, NpyWriter.ToBytes(NumPyArray.FromSingles(name, data, shape)));

    [Fact]
    public void A_weight_file_missing_from_the_build_names_the_item_to_add()
    {
        var d = Single(Source, [], "UNIT101");
        Assert.Contains("<UnitWeights Include=\"tiny.npz\" />", d.GetMessage());
        Assert.StartsWith("UnitNetwork", Located(d));
    }

    [Fact]
    public void A_misspelt_weight_file_names_the_listed_items_and_the_one_meant()
    {
        var listed = GeneratorHarness.WeightText("tiyn.npz", TinyNetworks.ConvDenseWeights());
        var d = Single(Source, [listed], "UNIT101");
        Assert.Contains("the build lists 'tiyn.npz': did you mean 'tiyn.npz'?", d.GetMessage());
    }

    [Fact]
    public void A_weight_file_unlike_any_listed_one_is_not_guessed()
    {
        var listed = GeneratorHarness.WeightText("other-model.npz", TinyNetworks.ConvDenseWeights());
        var d = Single(Source, [listed], "UNIT101");
        Assert.DoesNotContain("did you mean", d.GetMessage());
        Assert.Contains("the build lists 'other-model.npz'; add <UnitWeights Include=\"tiny.npz\" />", d.GetMessage());
    }

    [Fact]
    public void A_damaged_conversion_asks_for_a_rebuild()
    {
        var text = WeightFileText.Encode(TinyNetworks.ConvDenseWeights(), "tiny.npz", "tiny.npz", "/p/tiny.npz");
        var damaged = new TestAdditionalText("/obj/unit/tiny.npz" + WeightFileText.Extension, text.Substring(0, text.Length - 40));
        var d = Single(Source, [damaged], "UNIT102");
        Assert.Contains("rebuild", d.GetMessage());
    }

    [Fact]
    public void An_empty_weight_file_is_malformed() =>
        Assert.Contains("empty", WithWeights([], "UNIT103").GetMessage());

    [Fact]
    public void A_truncated_weight_file_is_malformed()
    {
        var bytes = TinyNetworks.ConvDenseWeights();
        var d = WithWeights(bytes.AsSpan(0, bytes.Length / 2).ToArray(), "UNIT103");
        Assert.Contains("tiny.npz", d.GetMessage());
    }

    [Fact]
    public void A_truncated_tensor_names_file_and_tensor()
    {
        var d = WithWeights(WithMember("fc1.weight", RawNpy("<f4", "(3, 32)", new byte[40])), "UNIT103");
        Assert.Contains("tiny.npz", d.GetMessage());
        Assert.Contains("fc1.weight", d.GetMessage());
        Assert.Contains("truncated", d.GetMessage());
        Assert.StartsWith("Dense(\"fc1\"", Located(d));
    }

    [Theory]
    [InlineData(">f4", "big-endian")]
    [InlineData("|O", "object")]
    [InlineData("<f2", "unsupported dtype")]
    [InlineData("<i8", "unsupported dtype")]
    public void Unsupported_dtypes_name_the_tensor_and_the_fix(string descr, string expected)
    {
        var d = WithWeights(WithMember("conv1.weight", RawNpy(descr, "(2, 1, 3, 3)", new byte[18 * 8])), "UNIT104");
        Assert.Contains("conv1.weight", d.GetMessage());
        Assert.Contains(expected, d.GetMessage());
        Assert.Contains("Fix:", d.GetMessage());
        Assert.StartsWith("Conv2d(\"conv1\"", Located(d));
    }

    [Fact]
    public void A_missing_tensor_lists_what_the_file_has()
    {
        var good = WeightFile.Parse(TinyNetworks.ConvDenseWeights(), "tiny.npz");
        var bytes = NpzWriter.ToBytes(good.Tensors.Where(t => t.Name != "fc1.bias"), compressed: true);
        var d = WithWeights(bytes, "UNIT105");
        Assert.Contains("fc1.bias", d.GetMessage());
        Assert.Contains("conv1.weight", d.GetMessage());
        Assert.StartsWith("Dense(\"fc1\"", Located(d));
    }

    [Fact]
    public void A_wrong_shape_names_tensor_layer_and_both_shapes()
    {
        var d = WithWeights(Replace("conv1.weight", new float[50], 2, 1, 5, 5), "UNIT106");
        Assert.Contains("conv1.weight", d.GetMessage());
        Assert.Contains("[2, 1, 5, 5]", d.GetMessage());
        Assert.Contains("[2, 1, 3, 3]", d.GetMessage());
        Assert.StartsWith("Conv2d(\"conv1\"", Located(d));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_weights_name_the_element(float bad)
    {
        var data = TinyNetworks.Weights(96, 2);
        data[17] = bad;
        var d = WithWeights(Replace("fc1.weight", data, 3, 32), "UNIT107");
        Assert.Contains("fc1.weight", d.GetMessage());
        Assert.Contains("element 17", d.GetMessage());
    }

    [Fact]
    public void An_impossible_layer_sequence_names_the_layer()
    {
        var source = Source.Replace("[Flatten]\n", string.Empty);
        var d = Single(source, [GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights())], "UNIT108");
        Assert.Contains("put a Flatten layer before it", d.GetMessage());
        Assert.StartsWith("Dense(\"fc1\"", Located(d));
    }

    [Fact]
    public void Sorted_on_a_strided_convolution_is_an_unsupported_combination()
    {
        var source = Source.Replace("Padding = 1", "Padding = 1, Stride = 2, Implementation = KernelImplementation.Sorted").Replace("Dense(\"fc1\", 3", "Dense(\"fc1\", 3");
        var weights = TinyNetworks.Npz(
            ("conv1.weight", TinyNetworks.Weights(18, 1), [2, 1, 3, 3]), ("conv1.bias", [0.1f, -0.2f], [2]),
            ("fc1.weight", TinyNetworks.Weights(24, 2), [3, 8]), ("fc1.bias", [0.05f, 0f, -0.05f], [3]));
        var d = Single(source, [GeneratorHarness.WeightText("tiny.npz", weights)], "UNIT109");
        Assert.Contains("stride 1", d.GetMessage());
    }

    [Fact]
    public void A_class_that_is_not_partial_says_how_to_declare_it()
    {
        var d = Single(Source.Replace("public static partial class", "public static class"), [GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights())], "UNIT100");
        Assert.Contains("partial", d.GetMessage());
    }

    [Theory]
    [InlineData("Input = \"1x4x4\"", "Input = \"1x4xfour\"", "Input")]
    [InlineData("Kernel = 3, ", "", "needs a kernel size")]
    [InlineData("[Conv2d(\"conv1\", 2,", "[Conv2d(\"conv1\", 0,", "out channels is 0")]
    [InlineData("Threshold = 0.05f", "Threshold = 0.05f, InputStandardDeviation = 0f", "InputStandardDeviation 0 must be a positive")]
    [InlineData("Threshold = 0.05f", "Threshold = 0.05f, InputMean = 0.1307f", "cannot be folded into a padded convolution")]
    public void Invalid_settings_name_the_setting(string find, string replace, string expected)
    {
        var d = Single(Source.Replace(find, replace), [GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights())], "UNIT110");
        Assert.Contains(expected, d.GetMessage());
    }

    [Theory]
    [InlineData("Threshold = 0.05f", "Threshold = -1f", "Threshold -1")]
    [InlineData("Padding = 1", "Padding = 1, GroupSize = 3", "GroupSize 3 does not divide")]
    public void A_threshold_the_analyzers_report_is_not_reported_again_but_falls_back_with_the_reason(string find, string replace, string expected)
    {
        // UNIT001/UNIT004 come from the analyzers, on the argument; a second error from the generator would repeat them.
        var (result, _) = GeneratorHarness.Run(Source.Replace(find, replace), [GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights())]);

        Assert.Empty(result.Diagnostics);
        var fallback = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Contains("UNIT001/UNIT004", fallback, StringComparison.Ordinal);
        Assert.Contains(expected, fallback, StringComparison.Ordinal); // builds without the analyzers still learn why
    }

    [Fact]
    public void Calibration_problems_are_reported_not_ignored()
    {
        var source = Source.Replace("Threshold = 0.05f", "Threshold = 0.05f, Calibration = \"tiny.calibration.txt\"");
        var weights = GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights());
        Assert.Contains("<UnitCalibration Include=\"tiny.calibration.txt\" />", Single(source, [weights], "UNIT111").GetMessage());
        var garbage = new TestAdditionalText("/p/tiny.calibration.txt", "not a calibration file");
        Assert.Contains("line 1", Single(source, [weights, garbage], "UNIT111").GetMessage());
        var other = new TestAdditionalText("/p/tiny.calibration.txt", "format: 1\nnetwork: Other\nnumber-format: Float32\nprofile: Msp430FR5994\ndivision: Exact\ninput-range: 1\naccuracy-budget-points: 0.5\nbaseline-accuracy: 0.9\ncalibrated-accuracy: 0.9\nsamples: 10\n");
        Assert.Contains("made for network 'Other'", Single(source, [weights, other], "UNIT111").GetMessage());
        var folded = new TestAdditionalText("/p/tiny.calibration.txt", "format: 1\nnetwork: Bad\nnumber-format: Float32\nprofile: Msp430FR5994\ndivision: Exact\ninput-range: 1\ninput-mean: 0.1307\ninput-standard-deviation: 0.3081\naccuracy-budget-points: 0.5\nbaseline-accuracy: 0.9\ncalibrated-accuracy: 0.9\nsamples: 10\n");
        Assert.Contains("InputMean = 0.1307, InputStandardDeviation = 0.3081 folded", Single(source, [weights, folded], "UNIT111").GetMessage());
    }
}
