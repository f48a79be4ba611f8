using System.IO.Compression;
using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>WeightFile: content detection, lookup, and the missing-tensor message users will read most.</summary>
public class WeightFileTests
{
    private static readonly byte[] StateDict = NpzWriter.ToBytes(
    [
        NumPyArray.FromSingles("conv1.weight", new float[36], 4, 1, 3, 3),
        NumPyArray.FromSingles("conv1.bias", new float[4], 4),
        NumPyArray.FromSingles("fc1.weight", new float[20], 2, 10),
        NumPyArray.FromSingles("fc1.bias", new float[2], 2),
    ], compressed: false);

    [Fact]
    public void Archive_is_detected_by_content_whatever_the_extension()
    {
        var weights = WeightFile.Parse(StateDict, "weights.npy");

        Assert.True(weights.IsArchive);
        Assert.Equal(new[] { "conv1.weight", "conv1.bias", "fc1.weight", "fc1.bias" }, weights.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Npy_is_detected_by_content_and_named_after_the_file()
    {
        var npy = NpyWriter.ToBytes(NumPyArray.FromSingles("ignored", [1f, 2f], 2));

        var plain = WeightFile.Parse(npy, "fc1.weight.npy");
        var renamed = WeightFile.Parse(npy, "fc1.weight.npz");
        var inFolder = WeightFile.Parse(npy, "weights/fc1.bias.NPY");

        Assert.False(plain.IsArchive);
        Assert.Equal("fc1.weight", Assert.Single(plain.Tensors).Name);
        Assert.Equal("fc1.weight.npz", Assert.Single(renamed.Tensors).Name);
        Assert.Equal("fc1.bias", Assert.Single(inFolder.Tensors).Name);
        Assert.Equal(new[] { 1f, 2f }, plain.Get("fc1.weight").ToSingleArray());
    }

    [Fact]
    public void Empty_zip_is_an_archive_without_tensors()
    {
        var emptyZip = new byte[22];
        emptyZip[0] = (byte)'P';
        emptyZip[1] = (byte)'K';
        emptyZip[2] = 5;
        emptyZip[3] = 6;

        var weights = WeightFile.Parse(emptyZip, "empty.npz");

        Assert.True(weights.IsArchive);
        Assert.Empty(weights.Tensors);
        var e = Assert.Throws<NumPyFormatException>(() => weights.Get("fc1.weight"));
        Assert.Contains("holds no tensors", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGet_finds_exact_names_only()
    {
        var weights = WeightFile.Parse(StateDict, "model.npz");

        Assert.True(weights.TryGet("fc1.bias", out var bias));
        Assert.Equal(new[] { 2 }, bias!.Shape);
        Assert.False(weights.TryGet("FC1.bias", out var missing));
        Assert.Null(missing);
        Assert.False(weights.TryGet("fc1", out _));
    }

    [Fact]
    public void Missing_tensor_message_lists_what_the_file_has_and_the_fix()
    {
        var weights = WeightFile.Parse(StateDict, "model.npz");

        var e = Assert.Throws<NumPyFormatException>(() => weights.Get("conv2.weight"));

        Assert.Equal("model.npz", e.FileName);
        Assert.Equal("conv2.weight", e.TensorName);
        Assert.Equal(
            "Weight file 'model.npz', tensor 'conv2.weight': the file has no tensor 'conv2.weight'; it has 4 tensors: "
            + "conv1.weight (4, 1, 3, 3), conv1.bias (4,), fc1.weight (2, 10), fc1.bias (2,). "
            + "Fix: check the layer name in the attribute against the state_dict key (layer 'conv1' reads 'conv1.weight' and 'conv1.bias')",
            e.Message);
    }

    [Fact]
    public void Missing_tensor_message_lists_the_first_twelve_and_counts_the_rest()
    {
        var arrays = Enumerable.Range(0, 20).Select(i => NumPyArray.FromSingles($"layer{i}.weight", [0f], 1));
        var weights = WeightFile.Parse(NpzWriter.ToBytes(arrays, compressed: false), "big.npz");

        var e = Assert.Throws<NumPyFormatException>(() => weights.Get("head.weight"));

        Assert.Contains("it has 20 tensors: layer0.weight (1,), ", e.Problem, StringComparison.Ordinal);
        Assert.Contains("layer11.weight (1,) and 8 more", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("layer12.weight", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("module.conv1.weight", "conv1.weight", "module.conv1.weight")]
    [InlineData("conv1.weight", "features.conv1.weight", "conv1.weight")]
    [InlineData("Conv1.Weight", "conv1.weight", "Conv1.Weight")]
    [InlineData("conv1.weight", "conv1.wieght", "conv1.weight")]
    public void Missing_tensor_suggests_a_near_name(string stored, string asked, string suggested)
    {
        var weights = WeightFile.Parse(NpzWriter.ToBytes([NumPyArray.FromSingles(stored, [0f], 1)], compressed: false), "m.npz");

        var e = Assert.Throws<NumPyFormatException>(() => weights.Get(asked));

        Assert.Contains($"(did you mean '{suggested}'?)", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_tensor_without_a_near_name_suggests_nothing()
    {
        var weights = WeightFile.Parse(StateDict, "model.npz");

        var e = Assert.Throws<NumPyFormatException>(() => weights.Get("head.weight"));

        Assert.DoesNotContain("did you mean", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x02, 0x7D, 0x71 }, "Python pickle", "state_dict()")]
    [InlineData(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A }, "HDF5", "Keras")]
    [InlineData(new byte[] { 0x00, 0x01, 0xFE, 0xFF }, "bytes 00 01 FE FF", "np.savez")]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 7, 8 }, "not a NumPy file", "np.savez")]
    public void Foreign_files_are_identified(byte[] bytes, string problemWord, string fixWord)
    {
        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Parse(bytes, "model.bin"));

        Assert.Null(e.TensorName);
        Assert.Contains("not a NumPy file", e.Problem, StringComparison.Ordinal);
        Assert.Contains(problemWord, e.Problem, StringComparison.Ordinal);
        Assert.Contains(fixWord, e.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Int64_num_batches_tracked_gets_the_export_filter_as_its_fix()
    {
        // A whole BatchNorm state_dict saved as is holds an int64 counter; the fix must say to drop it.
        var counter = NpyImage.Build("{'descr': '<i8', 'fortran_order': False, 'shape': (), }", new byte[8]);
        var bytes = ZipWithMembers(("bn1.weight.npy", NpyWriter.ToBytes(NumPyArray.FromSingles("x", [1f], 1))), ("bn1.num_batches_tracked.npy", counter));

        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Parse(bytes, "model.npz"));

        Assert.Equal("bn1.num_batches_tracked", e.TensorName);
        Assert.Contains("unsupported dtype '<i8'", e.Problem, StringComparison.Ordinal);
        Assert.Contains("if not k.endswith('num_batches_tracked')", e.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Archives_written_by_dotnet_ZipArchive_are_read()
    {
        var bytes = ZipWithMembers(
            ("conv1.weight.npy", NpyWriter.ToBytes(NumPyArray.FromSingles("x", [1f, 2f, 3f, 4f], 1, 1, 2, 2))),
            ("conv1.bias.npy", NpyWriter.ToBytes(NumPyArray.FromSingles("x", [0.5f], 1))));

        var weights = WeightFile.Parse(bytes, "dotnet.npz");

        Assert.Equal(new[] { "conv1.weight", "conv1.bias" }, weights.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, weights.Get("conv1.weight").ToSingleArray());
    }

    private static byte[] ZipWithMembers(params (string Name, byte[] Data)[] members)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in members)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(data);
            }
        }

        return stream.ToArray();
    }

    [Fact]
    public void Load_uses_the_file_name_without_directory()
    {
        var weights = WeightFile.Load(Fixtures.NumPy("savez_stored.npz"));

        Assert.Equal("savez_stored.npz", weights.FileName);
    }
}
