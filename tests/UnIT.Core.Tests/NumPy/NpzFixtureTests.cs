using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>Valid <c>.npz</c> archives written by real <c>np.savez</c> / <c>np.savez_compressed</c>.</summary>
public class NpzFixtureTests
{
    public static TheoryData<string> ValidNpzFiles() =>
        new(Fixtures.ExpectedNames().Where(n => n.EndsWith(".npz", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(ValidNpzFiles))]
    public void Archive_has_the_recorded_tensors_in_order(string file)
    {
        var expected = Fixtures.Expected(file).GetProperty("tensors").EnumerateArray().ToArray();

        var tensors = NpzReader.Read(Fixtures.NumPyBytes(file), file);

        Assert.Equal(expected.Select(t => t.GetProperty("name").GetString()), tensors.Keys);
        Assert.Equal(expected.Length, tensors.Count);
        foreach (var entry in expected)
        {
            var name = entry.GetProperty("name").GetString()!;
            Assert.Equal(name, tensors[name].Name);
            Fixtures.AssertMatches(entry, tensors[name]);
        }
    }

    [Theory]
    [MemberData(nameof(ValidNpzFiles))]
    public void WeightFile_detects_the_archive_and_keeps_its_order(string file)
    {
        var expected = Fixtures.Expected(file).GetProperty("tensors").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToArray();

        var weights = WeightFile.Load(Fixtures.NumPy(file));

        Assert.True(weights.IsArchive);
        Assert.Equal(file, weights.FileName);
        Assert.Equal(expected, weights.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void A_stream_reads_as_the_file_does_and_is_left_open()
    {
        var path = Fixtures.NumPy("savez_compressed.npz");
        using var stream = new MemoryStream(File.ReadAllBytes(path));

        var weights = WeightFile.Load(stream, "embedded.npz");

        Assert.Equal("embedded.npz", weights.FileName);
        Assert.Equal(WeightFile.Load(path).Tensors.Select(t => (t.Name, t.ToSingleArray().Length)), weights.Tensors.Select(t => (t.Name, t.ToSingleArray().Length)));
        Assert.Equal(WeightFile.Load(path).Get("fc1.bias").ToSingleArray(), weights.Get("fc1.bias").ToSingleArray());
        Assert.True(stream.CanRead);
    }

    [Theory]
    [InlineData("savez_stored.npz")]
    [InlineData("savez_compressed.npz")]
    public void PyTorch_style_names_keep_their_dots(string file)
    {
        var weights = WeightFile.Load(Fixtures.NumPy(file));

        Assert.Equal(new[] { "conv1.weight", "conv1.bias", "fc1.weight", "fc1.bias", "steps" }, weights.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 2, 1, 3, 3 }, weights.Get("conv1.weight").Shape);
        Assert.Equal(new[] { 0.5f, -0.5f, 0f }, weights.Get("fc1.bias").ToSingleArray());
        Assert.Equal(NumPyDType.Int32, weights.Get("steps").DType);
        Assert.Empty(weights.Get("steps").Shape);
        Assert.Equal(new[] { 7 }, weights.Get("steps").ToInt32Array());
    }

    [Fact]
    public void Stored_and_deflated_archives_hold_identical_tensors()
    {
        var stored = NpzReader.Read(Fixtures.NumPyBytes("savez_stored.npz"), "savez_stored.npz");
        var compressed = NpzReader.Read(Fixtures.NumPyBytes("savez_compressed.npz"), "savez_compressed.npz");

        Assert.Equal(stored.Keys, compressed.Keys);
        foreach (var (name, array) in stored)
        {
            Assert.Equal(array.Shape, compressed[name].Shape);
            Assert.Equal(array.DType, compressed[name].DType);
            Assert.Equal(array.ToDoubleArray(), compressed[name].ToDoubleArray());
        }
    }

    [Fact]
    public void Positional_savez_names_are_arr_0_and_arr_1()
    {
        var tensors = NpzReader.Read(Fixtures.NumPyBytes("savez_positional.npz"), "savez_positional.npz");

        Assert.Equal(new[] { "arr_0", "arr_1" }, tensors.Keys);
        Assert.Equal(new[] { 0.0, 1.0, 2.0 }, tensors["arr_0"].ToDoubleArray());
        Assert.Equal(NumPyDType.UInt8, tensors["arr_1"].DType);
        Assert.Equal(new[] { 1, 2, 3, 4 }, tensors["arr_1"].ToInt32Array());
    }

    [Fact]
    public void Empty_savez_archive_has_no_tensors()
    {
        var bytes = Fixtures.NumPyBytes("savez_empty.npz");
        Assert.Equal(new byte[] { (byte)'P', (byte)'K', 5, 6 }, bytes[..4]);

        var weights = WeightFile.Parse(bytes, "savez_empty.npz");

        Assert.True(weights.IsArchive);
        Assert.Empty(weights.Tensors);
        Assert.Empty(NpzReader.Read(bytes, "savez_empty.npz"));
    }
}
