using System.Buffers.Binary;
using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>NpyWriter / NpzWriter: what they write reads back, and matches what NumPy itself writes.</summary>
public class WriterTests
{
    public static TheoryData<NumPyArray> EveryDType() => new(AllDTypes());

    private static NumPyArray[] AllDTypes() =>
    [
        NumPyArray.FromSingles("f4", [0f, -0f, 1.5f, float.Epsilon, float.MaxValue, float.NaN, float.NegativeInfinity, -3.25e-20f], 2, 4),
        NumPyArray.FromDoubles("f8", [0.1, -0.0, double.Epsilon, double.MaxValue, double.NaN, double.PositiveInfinity], 3, 2),
        NumPyArray.FromInt8s("i1", [sbyte.MinValue, -1, 0, sbyte.MaxValue], 4),
        NumPyArray.FromInt16s("i2", [short.MinValue, -1, 0, 1, 2, short.MaxValue], 1, 2, 3),
        NumPyArray.FromInt32s("i4", [int.MinValue, -1, 0, int.MaxValue], 2, 2),
        NumPyArray.FromUInt8s("u1", [0, 1, 128, 255], 2, 1, 2),
        NumPyArray.FromSingles("scalar", [42f]),
        NumPyArray.FromDoubles("empty", [], 0, 5),
    ];

    [Theory]
    [MemberData(nameof(EveryDType))]
    public void Npy_round_trip_is_bit_exact(NumPyArray array)
    {
        var bytes = NpyWriter.ToBytes(array);

        var back = NpyReader.Read(bytes, "x.npy", array.Name);

        AssertSame(array, back);
        Assert.Equal(0, (10 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))) % 64);
        Assert.Equal((byte)'\n', bytes[9 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Npz_round_trip_keeps_every_dtype_names_and_order(bool compressed)
    {
        var arrays = AllDTypes();

        var bytes = NpzWriter.ToBytes(arrays, compressed);
        var back = NpzReader.Read(bytes, "x.npz");

        Assert.Equal(arrays.Select(a => a.Name), back.Keys);
        foreach (var array in arrays)
        {
            AssertSame(array, back[array.Name]);
        }
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 8)]
    public void Npz_members_are_stored_or_deflated_as_asked(bool compressed, int method)
    {
        var zeros = NumPyArray.FromSingles("conv1.weight", new float[4096], 64, 64);

        var bytes = NpzWriter.ToBytes([zeros], compressed);

        Assert.Equal(new byte[] { (byte)'P', (byte)'K', 3, 4 }, bytes[..4]);
        Assert.Equal(method, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)));
        Assert.Equal("conv1.weight.npy", System.Text.Encoding.ASCII.GetString(bytes, 30, 16));
        if (compressed)
        {
            Assert.True(bytes.Length < 1000, $"4096 zeros deflated to {bytes.Length} bytes");
        }
        else
        {
            Assert.True(bytes.Length > 4096 * 4);
        }

        Assert.Equal(new float[4096], WeightFile.Parse(bytes, "w.npz").Get("conv1.weight").ToSingleArray());
    }

    [Fact]
    public void Npz_output_is_deterministic()
    {
        NumPyArray[] arrays = [NumPyArray.FromSingles("a", [1f, 2f], 2), NumPyArray.FromInt16s("b", [3], 1)];

        Assert.Equal(NpzWriter.ToBytes(arrays, compressed: true), NpzWriter.ToBytes(arrays, compressed: true));
        Assert.Equal(NpzWriter.ToBytes(arrays, compressed: false), NpzWriter.ToBytes(arrays, compressed: false));
    }

    [Fact]
    public void Empty_npz_is_just_an_end_record_like_numpys()
    {
        var bytes = NpzWriter.ToBytes([], compressed: false);

        Assert.Equal(Fixtures.NumPyBytes("savez_empty.npz"), bytes);
        Assert.Empty(WeightFile.Parse(bytes, "e.npz").Tensors);
    }

    [Fact]
    public void Non_ascii_names_are_flagged_utf8_and_read_back()
    {
        var bytes = NpzWriter.ToBytes([NumPyArray.FromSingles("größe.weight", [1f], 1)], compressed: false);

        Assert.Equal(0x0800, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)) & 0x0800);
        Assert.Equal("größe.weight", Assert.Single(NpzReader.Read(bytes, "u.npz").Keys));
    }

    [Fact]
    public void Writes_to_a_stream_that_cannot_seek()
    {
        using var sink = new ForwardOnlyStream();
        NpzWriter.Write(sink, [NumPyArray.FromSingles("w", [1f, 2f, 3f], 3)], compressed: true);
        NpyWriter.Write(sink, NumPyArray.FromSingles("v", [4f], 1));

        Assert.True(sink.Written > 100);
    }

    [Fact]
    public void Duplicate_or_empty_names_are_refused()
    {
        Assert.Throws<ArgumentException>(() => NpzWriter.ToBytes([NumPyArray.FromSingles("a", [1f], 1), NumPyArray.FromSingles("a", [2f], 1)], compressed: false));
        Assert.Throws<ArgumentException>(() => NpzWriter.ToBytes([NumPyArray.FromSingles(string.Empty, [1f], 1)], compressed: false));
    }

    public static TheoryData<string> NumPyWrittenVersion1Files() =>
        new(Fixtures.ExpectedNames().Where(n => n.EndsWith(".npy", StringComparison.Ordinal)
            && Fixtures.Expected(n).GetProperty("version")[0].GetInt32() == 1
            && !Fixtures.Expected(n).GetProperty("fortran_order").GetBoolean()));

    /// <summary>
    /// The strongest evidence that np.load reads our output: for every C-order version 1.0 file NumPy wrote,
    /// writing the same array gives the same bytes.
    /// </summary>
    [Theory]
    [MemberData(nameof(NumPyWrittenVersion1Files))]
    public void Npy_output_is_byte_identical_to_np_save(string file)
    {
        var numpyBytes = Fixtures.NumPyBytes(file);
        var array = NpyReader.Read(numpyBytes, file, "x");

        Assert.Equal(numpyBytes, NpyWriter.ToBytes(array));
    }

    [Fact]
    public void Fortran_file_is_rewritten_in_C_order_with_the_same_values()
    {
        var fortran = NpyReader.ReadFile(Fixtures.NumPy("fortran_3d.npy"));

        var rewritten = NpyWriter.ToBytes(fortran);

        Assert.Contains("'fortran_order': False", System.Text.Encoding.ASCII.GetString(rewritten, 10, 60), StringComparison.Ordinal);
        Assert.Equal(fortran.ToSingleArray(), NpyReader.Read(rewritten, "c.npy", "c").ToSingleArray());
    }

    [Fact]
    public void Header_too_long_for_version_1_falls_back_to_version_2()
    {
        // 22,000 axes of length 1 make a header longer than version 1.0's 2-byte length field allows.
        var shape = Enumerable.Repeat(1, 22_000).ToArray();
        var array = NumPyArray.FromSingles("deep", [7f], shape);

        var bytes = NpyWriter.ToBytes(array);

        Assert.Equal(2, bytes[6]);
        Assert.Equal(0, (12 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8))) % 64);

        // NumPy arrays have at most 64 axes, so the reader refuses what NumPy could not have written.
        var refused = Assert.Throws<NumPyFormatException>(() => NpyReader.Read(bytes, "deep.npy", "deep"));
        Assert.Contains("22000 axes", refused.Message);
    }

    private static void AssertSame(NumPyArray expected, NumPyArray actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.DType, actual.DType);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.LittleEndianData.ToArray(), actual.LittleEndianData.ToArray());
    }

    private sealed class ForwardOnlyStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;
    }
}
