using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>
/// Broken files made by make_fixtures.py: each must raise <see cref="NumPyFormatException"/> naming the file,
/// the tensor where one applies, and saying the specific problem and fix.
/// </summary>
public class BadFixtureTests
{
    /// <summary>File, expected tensor (null: the whole file), words the Problem must contain, words the Fix must contain.</summary>
    public static TheoryData<string, string?, string[], string[]> Cases() => new()
    {
        { "bad_big_endian_f4.npy", "bad_big_endian_f4", ["big-endian", "'>f4'", "float32"], ["astype('<f4')"] },
        { "bad_big_endian_i2.npy", "bad_big_endian_i2", ["big-endian", "'>i2'", "int16"], ["astype('<i2')"] },
        { "bad_object.npy", "bad_object", ["'|O'", "object"], ["numeric array, not a pickled object"] },
        { "bad_structured.npy", "bad_structured", ["structured", "'a', 'b'"], ["each field"] },
        { "bad_complex64.npy", "bad_complex64", ["unsupported dtype '<c8'", "complex64", "float32 '<f4'", "uint8 '|u1'"], ["real"] },
        { "bad_float16.npy", "bad_float16", ["unsupported dtype '<f2'", "float16"], ["astype('<f4')"] },
        { "bad_uint16.npy", "bad_uint16", ["unsupported dtype '<u2'", "uint16"], ["astype('<i4')"] },
        { "bad_int64.npy", "bad_int64", ["unsupported dtype '<i8'", "int64"], ["astype('<i4')", "astype('<f4')"] },
        { "bad_truncated_data.npy", "bad_truncated_data", ["truncated", "expected 96 bytes", "(4, 6)", "found only 40"], ["cut short", "export it again"] },
        { "bad_truncated_header.npy", "bad_truncated_header", ["header is truncated", "118-byte header", "only 30 bytes"], ["cut short"] },
        { "bad_shape_more_than_data.npy", "bad_shape_more_than_data", ["truncated", "expected 120 bytes", "(5, 6)", "found only 96"], ["export it again"] },
        { "bad_shape_less_than_data.npy", "bad_shape_less_than_data", ["shape/size mismatch", "(2, 6)", "48 bytes", "96 bytes", "48 too many"], ["np.save(path, arr)"] },
        { "bad_shape_negative.npy", "bad_shape_negative", ["shape (2, -3)", "negative dimension -3"], ["np.save"] },
        { "bad_shape_float.npy", "bad_shape_float", ["shape (2.5, 2)", "non-integer dimension 2.5"], ["np.save"] },
        { "bad_header_malformed.npy", "bad_header_malformed", ["malformed header", "dict is not closed"], ["np.save"] },
        { "bad_header_missing_shape.npy", "bad_header_missing_shape", ["no 'shape' key", "'descr', 'fortran_order'"], ["np.save"] },
        { "bad_magic.npy", null, ["not a NumPy file", "text \"0.00,1.00,2.00"], ["np.savetxt"] },
        { "bad_version_4.npy", "bad_version_4", ["unsupported .npy format version 4.0", "1.0, 2.0 and 3.0"], ["np.save"] },
        { "bad_empty.npy", null, ["empty", "0 bytes"], ["export the weights again"] },
        { "bad_corrupt_stored.npz", "conv1.weight", ["archive member 'conv1.weight.npy' is corrupt", "CRC-32"], ["np.savez"] },
        { "bad_corrupt_deflated.npz", "conv1.weight", ["archive member 'conv1.weight.npy' is corrupt"], ["np.savez"] },
        { "bad_truncated.npz", null, ["corrupt", "end-of-central-directory record is missing", "truncated"], ["np.savez"] },
        { "bad_text.npz", null, ["not a NumPy file", "text \"conv1.weight,0.1"], ["np.savetxt"] },
        { "bad_member_not_npy.npz", null, ["'notes.txt' is not a .npy array"], ["np.savez(path, **arrays)"] },
        { "bad_duplicate_member.npz", "fc1.bias", ["two members named 'fc1.bias.npy'"], ["np.savez"] },
        { "bad_member_big_endian.npz", "fc1.weight", ["big-endian", "'>f4'"], ["astype('<f4')"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_file_raises_a_specific_NumPyFormatException(string file, string? tensor, string[] problemWords, string[] fixWords)
    {
        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Load(Fixtures.NumPy(file)));

        Assert.Equal(file, e.FileName);
        Assert.Equal(tensor, e.TensorName);
        foreach (var word in problemWords)
        {
            Assert.Contains(word, e.Problem, StringComparison.Ordinal);
        }

        foreach (var word in fixWords)
        {
            Assert.Contains(word, e.Fix, StringComparison.Ordinal);
        }

        var prefix = tensor is null ? $"Weight file '{file}': " : $"Weight file '{file}', tensor '{tensor}': ";
        Assert.Equal($"{prefix}{e.Problem}. Fix: {e.Fix}", e.Message);
    }

    [Theory]
    [InlineData("bad_big_endian_f4.npy", "big-endian")]
    [InlineData("bad_truncated_data.npy", "expected 96 bytes")]
    [InlineData("bad_empty.npy", "empty")]
    [InlineData("bad_magic.npy", "not a NumPy file")]
    public void NpyReader_names_the_tensor_after_the_file(string file, string word)
    {
        var e = Assert.Throws<NumPyFormatException>(() => NpyReader.ReadFile(Fixtures.NumPy(file)));

        Assert.Equal(file, e.FileName);
        Assert.Equal(file[..^4], e.TensorName);
        Assert.Contains(word, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void NpzReader_reports_a_text_file_as_not_a_zip()
    {
        var e = Assert.Throws<NumPyFormatException>(() => NpzReader.ReadFile(Fixtures.NumPy("bad_text.npz")));

        Assert.Equal("bad_text.npz", e.FileName);
        Assert.Null(e.TensorName);
        Assert.Contains("not a valid .npz (zip) archive", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void NpzReader_refuses_a_plain_npy_file()
    {
        var e = Assert.Throws<NumPyFormatException>(() => NpzReader.ReadFile(Fixtures.NumPy("dtype_f4.npy")));

        Assert.Contains("not a valid .npz (zip) archive", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Undecodable_deflate_data_wraps_the_framework_exception_and_names_the_member()
    {
        var bytes = NpzWriter.ToBytes([NumPyArray.FromSingles("fc1.weight", new float[64], 8, 8)], compressed: true);
        var dataStart = 30 + "fc1.weight.npy".Length;
        bytes[dataStart] = 0x07; // final block with the reserved block type 11: invalid deflate

        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Parse(bytes, "model.npz"));

        Assert.Equal("model.npz", e.FileName);
        Assert.Equal("fc1.weight", e.TensorName);
        Assert.Contains("archive member 'fc1.weight.npy' is corrupt: its deflate data cannot be decompressed", e.Problem, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(e.InnerException);
    }

    [Fact]
    public void A_missing_file_is_a_NumPyFormatException_too()
    {
        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Load(Fixtures.NumPy("no_such_file.npz")));

        Assert.Equal("no_such_file.npz", e.FileName);
        Assert.Contains("does not exist", e.Problem, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(e.InnerException);
    }
}
