using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

public class NumPyArrayTests
{
    [Fact]
    public void FromSingles_checks_the_data_length_against_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => NumPyArray.FromSingles("w", new float[5], 2, 3));

        Assert.Contains("5 values but shape (2, 3) needs 6", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => NumPyArray.FromSingles("w", Array.Empty<float>(), 2, -1));
        Assert.Throws<ArgumentException>(() => NumPyArray.FromSingles("s", new float[2]));
    }

    [Fact]
    public void FromSingles_copies_its_input()
    {
        var data = new[] { 1f, 2f };
        var array = NumPyArray.FromSingles("w", data, 2);

        data[0] = 99f;

        Assert.Equal(new[] { 1f, 2f }, array.ToSingleArray());
    }

    [Fact]
    public void Zero_dimensional_array_from_data()
    {
        var scalar = NumPyArray.FromSingles("s", [2.5f]);

        Assert.Empty(scalar.Shape);
        Assert.Equal(1, scalar.ElementCount);
        Assert.Equal("s float32 ()", scalar.ToString());
    }

    [Fact]
    public void Conversions_between_dtypes()
    {
        var ints = NumPyArray.FromInt16s("q", [-32768, 0, 32767], 3);
        var doubles = NumPyArray.FromDoubles("d", [0.1, -1e300], 2);
        var bytes = NumPyArray.FromUInt8s("b", [0, 200, 255], 3);
        var sbytes = NumPyArray.FromInt8s("c", [-128, 5], 2);

        Assert.Equal(new[] { -32768f, 0f, 32767f }, ints.ToSingleArray());
        Assert.Equal(new[] { -32768.0, 0.0, 32767.0 }, ints.ToDoubleArray());
        Assert.Equal(new[] { 0.1f, float.NegativeInfinity }, doubles.ToSingleArray());
        Assert.Equal(new[] { 0, 200, 255 }, bytes.ToInt32Array());
        Assert.Equal(new[] { -128, 5 }, sbytes.ToInt32Array());
        Assert.Equal(new[] { 0.100000001490116119384765625 }, NumPyArray.FromSingles("f", [0.1f], 1).ToDoubleArray());
    }

    [Theory]
    [InlineData(NumPyDType.Float32)]
    [InlineData(NumPyDType.Float64)]
    public void ToInt32Array_refuses_floats(NumPyDType dtype)
    {
        var array = dtype == NumPyDType.Float32 ? NumPyArray.FromSingles("w", [1f], 1) : NumPyArray.FromDoubles("w", [1.0], 1);

        var e = Assert.Throws<InvalidOperationException>(() => array.ToInt32Array());

        Assert.Contains("'w'", e.Message, StringComparison.Ordinal);
        Assert.Contains(dtype.TypeName(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HasNonFinite_reports_the_first_index()
    {
        Assert.False(NumPyArray.FromSingles("a", [1f, float.MaxValue, float.Epsilon], 3).HasNonFinite(out var none));
        Assert.Equal(-1, none);

        Assert.True(NumPyArray.FromSingles("b", [0f, 1f, 2f, float.NaN, float.PositiveInfinity], 5).HasNonFinite(out var nan));
        Assert.Equal(3, nan);

        Assert.True(NumPyArray.FromDoubles("c", [0.0, double.NegativeInfinity], 2).HasNonFinite(out var inf));
        Assert.Equal(1, inf);

        Assert.False(NumPyArray.FromInt32s("d", [int.MaxValue], 1).HasNonFinite(out var integer));
        Assert.Equal(-1, integer);
    }

    [Fact]
    public void NaN_and_infinity_in_a_file_are_read_not_rejected()
    {
        var bytes = NpyImage.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", NpyImage.Floats(1f, float.NaN, float.NegativeInfinity));

        var array = NpyReader.Read(bytes, "nan.npy", "nan");

        Assert.True(array.HasNonFinite(out var index));
        Assert.Equal(1, index);
    }

    [Fact]
    public void Large_float32_tensor_reads_exactly()
    {
        // 100,000 elements: the path that must be a memory copy, not per-element parsing.
        var values = Enumerable.Range(0, 100_000).Select(i => MathF.Sin(i) * 1e-3f).ToArray();
        var bytes = NpyWriter.ToBytes(NumPyArray.FromSingles("big", values, 250, 400));

        var array = NpyReader.Read(bytes, "big.npy", "big");

        Assert.Equal(new[] { 250, 400 }, array.Shape);
        Assert.Equal(values, array.ToSingleArray());
    }

    [Theory]
    [InlineData(NumPyDType.Float32, 4, "<f4", "float32")]
    [InlineData(NumPyDType.Float64, 8, "<f8", "float64")]
    [InlineData(NumPyDType.Int8, 1, "|i1", "int8")]
    [InlineData(NumPyDType.Int16, 2, "<i2", "int16")]
    [InlineData(NumPyDType.Int32, 4, "<i4", "int32")]
    [InlineData(NumPyDType.UInt8, 1, "|u1", "uint8")]
    public void DType_facts(NumPyDType dtype, int size, string descr, string name)
    {
        Assert.Equal(size, dtype.ItemSize());
        Assert.Equal(descr, dtype.Descr());
        Assert.Equal(name, dtype.TypeName());
        Assert.Contains($"{name} '{descr}'", NumPyDTypeInfo.SupportedList, StringComparison.Ordinal);
    }
}
