using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>Valid <c>.npy</c> files written by real NumPy 1.24 (make_fixtures.py).</summary>
public class NpyFixtureTests
{
    public static TheoryData<string> ValidNpyFiles() =>
        new(Fixtures.ExpectedNames().Where(n => n.EndsWith(".npy", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(ValidNpyFiles))]
    public void Valid_file_has_the_recorded_dtype_shape_and_values(string file)
    {
        var array = NpyReader.ReadFile(Fixtures.NumPy(file));

        Assert.Equal(file[..^4], array.Name);
        Fixtures.AssertMatches(Fixtures.Expected(file), array);
    }

    [Theory]
    [MemberData(nameof(ValidNpyFiles))]
    public void Valid_file_reads_the_same_through_WeightFile(string file)
    {
        var weights = WeightFile.Load(Fixtures.NumPy(file));

        Assert.False(weights.IsArchive);
        Assert.Equal(file, weights.FileName);
        var tensor = Assert.Single(weights.Tensors);
        Assert.Same(tensor, weights.Get(file[..^4]));
        Fixtures.AssertMatches(Fixtures.Expected(file), tensor);
    }

    [Fact]
    public void Every_fixture_file_is_either_recorded_as_valid_or_named_bad()
    {
        // A new fixture must get expectations (or be a deliberate bad_* case with its own test row).
        var files = Directory.GetFiles(Fixtures.NumPyDirectory)
            .Select(Path.GetFileName)
            .Where(n => n!.EndsWith(".npy", StringComparison.Ordinal) || n.EndsWith(".npz", StringComparison.Ordinal));
        var recorded = Fixtures.ExpectedNames().ToHashSet();
        var badCases = BadFixtureTests.Cases().Select(row => (string)row[0]).ToHashSet();
        foreach (var file in files)
        {
            Assert.True(recorded.Contains(file!) || badCases.Contains(file!), $"{file} has neither expected values nor a bad-file test case");
        }

        foreach (var bad in badCases)
        {
            Assert.True(File.Exists(Fixtures.NumPy(bad)), $"bad-file case {bad} has no fixture");
        }
    }

    [Theory]
    [InlineData("dtype_f4.npy", NumPyDType.Float32)]
    [InlineData("dtype_f8.npy", NumPyDType.Float64)]
    [InlineData("dtype_i1.npy", NumPyDType.Int8)]
    [InlineData("dtype_i2.npy", NumPyDType.Int16)]
    [InlineData("dtype_i4.npy", NumPyDType.Int32)]
    [InlineData("dtype_u1.npy", NumPyDType.UInt8)]
    public void Each_supported_dtype_is_recognised(string file, NumPyDType dtype) =>
        Assert.Equal(dtype, NpyReader.ReadFile(Fixtures.NumPy(file)).DType);

    [Fact]
    public void Extreme_values_of_each_integer_dtype_survive()
    {
        Assert.Equal(new[] { -128, -1, 0, 127 }, NpyReader.ReadFile(Fixtures.NumPy("dtype_i1.npy")).ToInt32Array());
        Assert.Equal(new[] { -32768, -2, 300, 32767 }, NpyReader.ReadFile(Fixtures.NumPy("dtype_i2.npy")).ToInt32Array());
        Assert.Equal(new[] { int.MinValue, -1, 0, 65536, int.MaxValue }, NpyReader.ReadFile(Fixtures.NumPy("dtype_i4.npy")).ToInt32Array());
        Assert.Equal(new[] { 0, 1, 127, 128, 254, 255 }, NpyReader.ReadFile(Fixtures.NumPy("dtype_u1.npy")).ToInt32Array());
    }

    [Fact]
    public void Float64_keeps_negative_zero_and_large_values()
    {
        var values = NpyReader.ReadFile(Fixtures.NumPy("dtype_f8.npy")).ToDoubleArray();

        Assert.Equal(0.1, values[0]);
        Assert.Equal(-2.0 / 3.0, values[1]);
        Assert.Equal(1e300, values[2]);
        Assert.True(double.IsNegative(values[3]) && values[3] == 0.0);
    }

    [Theory]
    [InlineData("version_1_0.npy", 1)]
    [InlineData("version_2_0.npy", 2)]
    [InlineData("version_3_0.npy", 3)]
    public void All_three_format_versions_hold_the_same_grid(string file, int major)
    {
        var bytes = Fixtures.NumPyBytes(file);
        Assert.Equal(major, bytes[6]);

        var array = NpyReader.Read(bytes, file, "grid");

        Assert.Equal(new[] { 3, 4 }, array.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 0.25f).ToArray(), array.ToSingleArray());
    }

    [Fact]
    public void Fortran_2d_is_returned_in_C_order()
    {
        var array = NpyReader.ReadFile(Fixtures.NumPy("fortran_2d.npy"));

        Assert.Equal(new[] { 2, 3 }, array.Shape);
        Assert.Equal(new[] { 0f, 1, 2, 3, 4, 5 }, array.ToSingleArray());
    }

    [Fact]
    public void Fortran_3d_is_returned_in_C_order()
    {
        // np.asfortranarray((np.arange(24) * 0.5 + 1).reshape(2, 3, 4)): C order is the arange itself.
        var array = NpyReader.ReadFile(Fixtures.NumPy("fortran_3d.npy"));

        Assert.Equal(new[] { 2, 3, 4 }, array.Shape);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (i * 0.5f) + 1f).ToArray(), array.ToSingleArray());
    }

    [Fact]
    public void Fortran_3d_int16_is_returned_in_C_order()
    {
        var array = NpyReader.ReadFile(Fixtures.NumPy("fortran_3d_i2.npy"));

        Assert.Equal(new[] { 3, 4, 5 }, array.Shape);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => i - 30).ToArray(), array.ToInt32Array());
    }

    [Fact]
    public void Zero_dimensional_array_has_empty_shape_and_one_element()
    {
        var array = NpyReader.ReadFile(Fixtures.NumPy("scalar_0d.npy"));

        Assert.Empty(array.Shape);
        Assert.Equal(0, array.Rank);
        Assert.Equal(1, array.ElementCount);
        Assert.Equal(new[] { 3.5f }, array.ToSingleArray());
    }

    [Theory]
    [InlineData("empty_1d.npy", new[] { 0 })]
    [InlineData("empty_3x0.npy", new[] { 3, 0 })]
    public void Empty_arrays_have_zero_elements(string file, int[] shape)
    {
        var array = NpyReader.ReadFile(Fixtures.NumPy(file));

        Assert.Equal(shape, array.Shape);
        Assert.Equal(0, array.ElementCount);
        Assert.Empty(array.ToSingleArray());
        Assert.Empty(array.ToDoubleArray());
    }
}
