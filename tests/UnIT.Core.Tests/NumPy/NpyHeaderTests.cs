using System.Text;
using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>Header dicts written by hand: everything Python's literal syntax (and so NumPy) accepts, and what it does not.</summary>
public class NpyHeaderTests
{
    private static NumPyArray Read(byte[] bytes) => NpyReader.Read(bytes, "test.npy", "t");

    private static NumPyFormatException Fails(byte[] bytes)
    {
        var e = Assert.Throws<NumPyFormatException>(() => Read(bytes));
        Assert.Equal("test.npy", e.FileName);
        Assert.Equal("t", e.TensorName);
        return e;
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData("{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}")]
    [InlineData("{'fortran_order': False, 'shape': (2, 3), 'descr': '<f4'}")]
    [InlineData("{ 'descr' :'<f4' ,'fortran_order':False,'shape':( 2 ,3 ) }")]
    [InlineData("{\n  'descr': '<f4',\n\t'fortran_order': False,\n  'shape': (2, 3,),\n}")]
    [InlineData("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 3)}")]
    [InlineData("{'descr': u'<f4', 'fortran_order': False, 'shape': (2L, 3L), }")]
    [InlineData("{'descr': '=f4', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData("{'descr': '|f4', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData("{'descr': 'f4', 'fortran_order': False, 'shape': (2, 3), }")]
    public void Any_key_order_spacing_quoting_and_trailing_comma_is_accepted(string header)
    {
        var array = Read(NpyImage.Build(header, NpyImage.Range(6)));

        Assert.Equal(NumPyDType.Float32, array.DType);
        Assert.Equal(new[] { 2, 3 }, array.Shape);
        Assert.Equal(new[] { 0f, 1, 2, 3, 4, 5 }, array.ToSingleArray());
    }

    [Fact]
    public void Header_without_padding_or_newline_is_accepted()
    {
        var array = Read(NpyImage.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (6,)}", NpyImage.Range(6), padLikeNumPy: false));

        Assert.Equal(new[] { 6 }, array.Shape);
    }

    [Theory]
    [InlineData("(5,)", new[] { 5 })]
    [InlineData("( 5 , )", new[] { 5 })]
    [InlineData("()", new int[0])]
    [InlineData("(1, 5)", new[] { 1, 5 })]
    [InlineData("(5, 1, 1, 1, 1)", new[] { 5, 1, 1, 1, 1 })]
    public void Tuple_forms_give_the_right_shape(string shape, int[] expected)
    {
        var count = expected.Aggregate(1, (a, b) => a * b);
        var array = Read(NpyImage.Build($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}", NpyImage.Range(count)));

        Assert.Equal(expected, array.Shape);
        Assert.Equal(count, array.ElementCount);
    }

    [Theory]
    [InlineData("|i1", NumPyDType.Int8)]
    [InlineData("<i1", NumPyDType.Int8)]
    [InlineData("=i1", NumPyDType.Int8)]
    [InlineData(">i1", NumPyDType.Int8)]
    [InlineData("i1", NumPyDType.Int8)]
    [InlineData("|u1", NumPyDType.UInt8)]
    [InlineData("=u1", NumPyDType.UInt8)]
    [InlineData("<i2", NumPyDType.Int16)]
    [InlineData("=i2", NumPyDType.Int16)]
    [InlineData("<i4", NumPyDType.Int32)]
    [InlineData("=i4", NumPyDType.Int32)]
    [InlineData("<f8", NumPyDType.Float64)]
    [InlineData("=f8", NumPyDType.Float64)]
    public void Byte_order_characters_are_accepted_where_they_mean_little_endian(string descr, NumPyDType expected)
    {
        var size = expected.ItemSize();
        var array = Read(NpyImage.Build($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}", new byte[2 * size]));

        Assert.Equal(expected, array.DType);
    }

    [Theory]
    [InlineData(">f4", "float32")]
    [InlineData(">f8", "float64")]
    [InlineData(">i2", "int16")]
    [InlineData(">i4", "int32")]
    public void Big_endian_multibyte_dtypes_are_refused_with_the_astype_fix(string descr, string typeName)
    {
        var e = Fails(NpyImage.Build($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}", new byte[16]));

        Assert.Contains("big-endian", e.Problem, StringComparison.Ordinal);
        Assert.Contains(typeName, e.Problem, StringComparison.Ordinal);
        Assert.Contains($"astype('<{descr[1..]}')", e.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("|O", "object")]
    [InlineData("|O8", "object")]
    [InlineData("<c16", "complex")]
    [InlineData("|b1", "bool")]
    [InlineData("<U5", "unicode strings")]
    [InlineData("|S3", "byte strings")]
    [InlineData("<M8[ns]", "date/time")]
    [InlineData("|V8", "raw void bytes")]
    [InlineData("<u4", "uint32")]
    [InlineData("<x9", "not a dtype this reader knows")]
    [InlineData("", "not a dtype this reader knows")]
    public void Unsupported_dtypes_are_named(string descr, string word)
    {
        var e = Fails(NpyImage.Build($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,), }}", new byte[8]));

        Assert.Contains(word, e.Problem, StringComparison.Ordinal);
        Assert.Contains($"'{descr}'", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6), }", "'shape' is 6, not a tuple", "(6,)")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }", "'shape' is [2, 3], not a tuple", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ('2', 3), }", "non-integer dimension '2'", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, None), }", "non-integer dimension None", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1e1), }", "non-integer dimension 1e1", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (6,), }", "'fortran_order' is 0, not True or False", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': false, 'shape': (6,), }", "'false' is not a literal", null)]
    [InlineData("{'descr': 4, 'fortran_order': False, 'shape': (6,), }", "'descr' is 4, not a dtype string", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'extra': 1}", "unexpected key 'extra'", null)]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,)}", "the key 'descr' appears twice", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "no 'shape' key", "'descr', 'fortran_order'")]
    [InlineData("{'fortran_order': False, 'shape': (6,)}", "no 'descr' key", null)]
    [InlineData("{}", "no 'descr' key", "has none")]
    [InlineData("['<f4', False, (6,)]", "not a Python dict", null)]
    [InlineData("{'descr': '<f4' 'fortran_order': False, 'shape': (6,)}", "expected ',' or '}'", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6,)} junk", "unexpected text after the end", null)]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (6,)}", "malformed header", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6,,)}", "unexpected character ','", null)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os')}", "'__import__' is not a literal", null)]
    [InlineData("   ", "the header dict is empty", null)]
    public void Malformed_headers_say_what_is_wrong(string header, string word, string? secondWord)
    {
        var e = Fails(NpyImage.Build(header, NpyImage.Range(6)));

        Assert.Contains(word, e.Problem, StringComparison.Ordinal);
        if (secondWord is not null)
        {
            Assert.Contains(secondWord, e.Problem, StringComparison.Ordinal);
        }

        Assert.Contains("np.save", e.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(99999999999999999999,)", "dimension larger than one array can hold")]
    [InlineData("(3000000000,)", "dimension larger than one array can hold")]
    [InlineData("(65536, 65536)", "more than 16777216 elements")]
    [InlineData("(0, 3000000000)", "dimension larger than one array can hold")]
    public void Shapes_too_large_for_a_dotnet_array_are_refused_before_allocating(string shape, string word)
    {
        var e = Fails(NpyImage.Build($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}", NpyImage.Range(6)));

        Assert.Contains(word, e.Problem, StringComparison.Ordinal);
        Assert.Contains("split the tensor", e.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_header_is_refused_without_a_stack_overflow()
    {
        var header = "{'descr': " + new string('(', 5000) + new string(')', 5000) + "}";

        var e = Fails(NpyImage.Build(header, Array.Empty<byte>()));

        Assert.Contains("nesting is too deep", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_2_reads_a_four_byte_header_length_beyond_65535()
    {
        // A header this long cannot be version 1.0 (2-byte length): it proves the 4-byte length is used.
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + new string(' ', 70_000);
        var bytes = NpyImage.Build(header, NpyImage.Range(6), major: 2);
        Assert.True(BitConverter.ToUInt32(bytes, 8) > ushort.MaxValue);

        var array = Read(bytes);

        Assert.Equal(new[] { 0f, 1, 2, 3, 4, 5 }, array.ToSingleArray());
    }

    [Fact]
    public void Version_3_header_that_is_not_utf8_is_malformed()
    {
        var bytes = NpyImage.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", NpyImage.Range(6), major: 3);
        bytes[15] = 0xFF; // inside the header text

        var e = Fails(bytes);

        Assert.Contains("UTF-8", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_string_in_a_version_3_header_is_decoded_as_utf8()
    {
        var bytes = NpyImage.Build("{'descr': '<fé', 'fortran_order': False, 'shape': (6,), }", NpyImage.Range(6), major: 3, encoding: Encoding.UTF8);

        var e = Fails(bytes);

        Assert.Contains("unsupported dtype '<fé'", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    [InlineData(2, 1)]
    [InlineData(4, 0)]
    [InlineData(255, 255)]
    public void Unsupported_versions_are_refused(int major, int minor)
    {
        var bytes = NpyImage.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", NpyImage.Range(6));
        bytes[6] = (byte)major;
        bytes[7] = (byte)minor;

        var e = Fails(bytes);

        Assert.Contains($"unsupported .npy format version {major}.{minor}", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x93 }, "ends after 1 bytes")]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1 }, "ends after 7 bytes")]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 10 }, "inside the 10-byte version 1.0 preamble")]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 10, 0, 0 }, "inside the 12-byte version 2.0 preamble")]
    public void Truncated_preambles_are_reported_as_truncated(byte[] bytes, string word)
    {
        var e = Fails(bytes);

        Assert.Contains("header is truncated", e.Problem, StringComparison.Ordinal);
        Assert.Contains(word, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fortran_order_3d_is_reordered_to_C_order()
    {
        // C order value at [i, j, k] is 100i + 10j + k; a Fortran file stores [i, j, k] at i + 2j + 6k.
        int[] shape = [2, 3, 4];
        var fortran = new float[24];
        var c = new float[24];
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 4; k++)
                {
                    var value = (100 * i) + (10 * j) + k;
                    fortran[i + (2 * j) + (6 * k)] = value;
                    c[(i * 12) + (j * 4) + k] = value;
                }
            }
        }

        var array = Read(NpyImage.Build("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 4), }", NpyImage.Floats(fortran)));

        Assert.Equal(shape, array.Shape);
        Assert.Equal(c, array.ToSingleArray());
    }

    [Fact]
    public void Fortran_order_4d_float64_is_reordered_to_C_order()
    {
        int[] shape = [3, 1, 2, 2];
        var fortran = new double[12];
        var c = new double[12];
        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 2; b++)
            {
                for (var d = 0; d < 2; d++)
                {
                    var value = (a * 1.5) - (b * 10) + (d * 0.25);
                    fortran[a + (3 * b) + (6 * d)] = value;
                    c[(a * 4) + (b * 2) + d] = value;
                }
            }
        }

        var data = new byte[96];
        Buffer.BlockCopy(fortran, 0, data, 0, 96);
        var array = Read(NpyImage.Build("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 1, 2, 2), }", data));

        Assert.Equal(shape, array.Shape);
        Assert.Equal(c, array.ToDoubleArray());
    }

    [Fact]
    public void Fortran_order_1d_and_scalar_need_no_reordering()
    {
        Assert.Equal(new[] { 0f, 1, 2 }, Read(NpyImage.Build("{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }", NpyImage.Range(3))).ToSingleArray());
        Assert.Equal(new[] { 0f }, Read(NpyImage.Build("{'descr': '<f4', 'fortran_order': True, 'shape': (), }", NpyImage.Range(1))).ToSingleArray());
    }

    [Fact]
    public void Data_longer_than_the_shape_is_a_size_mismatch()
    {
        var e = Fails(NpyImage.Build("{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }", new byte[8]));

        Assert.Contains("shape/size mismatch", e.Problem, StringComparison.Ordinal);
        Assert.Contains("needs 6 bytes, but 8 bytes follow", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_shorter_than_the_shape_is_truncated()
    {
        var e = Fails(NpyImage.Build("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", new byte[31]));

        Assert.Contains("truncated: expected 32 bytes for shape (2, 2) of float64 (8 bytes each), found only 31", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_header_length_is_malformed()
    {
        var e = Fails(NpyImage.Build(string.Empty, Array.Empty<byte>(), padLikeNumPy: false));

        Assert.Contains("the header dict is empty", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Span_and_array_overloads_agree()
    {
        var bytes = NpyImage.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", NpyImage.Range(6));

        var fromSpan = NpyReader.Read(new ReadOnlySpan<byte>(bytes), "a.npy", "a");
        var fromArray = NpyReader.Read(bytes, "a.npy", "a");

        Assert.Equal(fromArray.ToSingleArray(), fromSpan.ToSingleArray());
        Assert.Equal("a", fromSpan.Name);
    }
}
