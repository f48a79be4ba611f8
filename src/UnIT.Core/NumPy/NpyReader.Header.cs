using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using UnIT.Text;

namespace UnIT.NumPy;

/// <summary>Reading and checking the header of one <c>.npy</c> image, and the array it describes; messages name the file, the tensor and the fix.</summary>
public static partial class NpyReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private sealed class Context(string fileName, string tensorName)
    {
        public NumPyArray Read(ReadOnlySpan<byte> bytes)
        {
            var header = ReadHeader(bytes, out var dataOffset);
            return BuildArray(header, bytes.Slice(dataOffset));
        }

        /// <summary>Where the header ends, from the preamble alone (<paramref name="bytes"/> needs only its first 12 bytes).</summary>
        public int HeaderEnd(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0)
            {
                throw Fail("the file is empty (0 bytes)", "export the weights again; an interrupted export or copy leaves an empty file");
            }

            var magic = Magic;
            if (!bytes.Slice(0, Math.Min(bytes.Length, magic.Length)).SequenceEqual(magic.Slice(0, Math.Min(bytes.Length, magic.Length))))
            {
                var description = DescribeStart(bytes, out var kind);
                throw Fail($"not a NumPy file: {description}, not the .npy magic \\x93NUMPY", FixForForeignFile(kind));
            }

            if (bytes.Length < 8)
            {
                throw Fail(
                    $"the header is truncated: the file ends after {Inv(bytes.Length)} bytes, inside the 10-byte .npy preamble",
                    ReexportFix);
            }

            int major = bytes[6], minor = bytes[7];
            if (major is < 1 or > 3 || minor != 0)
            {
                throw Fail(
                    $"unsupported .npy format version {Inv(major)}.{Inv(minor)} (this reader supports 1.0, 2.0 and 3.0)",
                    "save the array with NumPy's np.save, which writes version 1.0 (2.0/3.0 only for huge or non-ASCII headers)");
            }

            // Version 1.0 has a 2-byte header length; 2.0 and 3.0 a 4-byte one. All little-endian.
            var lengthSize = major == 1 ? 2 : 4;
            var preamble = 8 + lengthSize;
            if (bytes.Length < preamble)
            {
                throw Fail(
                    $"the header is truncated: the file ends after {Inv(bytes.Length)} bytes, inside the {Inv(preamble)}-byte version {Inv(major)}.0 preamble",
                    ReexportFix);
            }

            long headerLength = lengthSize == 2
                ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(8))
                : BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(8));
            if (headerLength > MaxHeaderBytes)
            {
                throw Fail($"the preamble announces a {Inv(headerLength)}-byte header; NumPy writes a few hundred bytes and this reader reads at most {Inv(MaxHeaderBytes)}", ResaveFix);
            }

            return preamble + (int)headerLength;
        }

        /// <summary>The header, checked; <paramref name="bytes"/> needs only the preamble and the header.</summary>
        public Header ReadHeader(ReadOnlySpan<byte> bytes, out int dataOffset)
        {
            dataOffset = HeaderEnd(bytes);
            var preamble = bytes[6] == 1 ? 10 : 12;
            if (dataOffset > bytes.Length)
            {
                throw Fail(
                    $"the header is truncated: the preamble announces a {Inv(dataOffset - preamble)}-byte header but only {Inv(bytes.Length - preamble)} bytes follow",
                    ReexportFix);
            }

            var header = Decode(bytes.Slice(preamble, dataOffset - preamble), bytes[6]);
            return ParseHeader(header);
        }

        private string Decode(ReadOnlySpan<byte> headerBytes, int major)
        {
            if (major == 3)
            {
                try
                {
                    return StrictUtf8.GetString(headerBytes.ToArray());
                }
                catch (DecoderFallbackException)
                {
                    throw Fail("malformed header: a version 3.0 header must be UTF-8, and this one is not", ResaveFix);
                }
            }

            // Versions 1.0 and 2.0 are latin-1: every byte is the character with that code.
            var chars = new char[headerBytes.Length];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)headerBytes[i];
            }

            return new string(chars);
        }

        private Header ParseHeader(string header)
        {
            if (header.Trim().Length == 0)
            {
                throw Fail("malformed header: the header dict is empty", ResaveFix);
            }

            object literal;
            try
            {
                literal = PythonLiteral.Parse(header);
            }
            catch (PythonLiteralException e)
            {
                throw Fail($"malformed header: {e.Problem} at character {Inv(e.Position)} of {Quote(header)}", ResaveFix);
            }

            if (literal is not PyDict dict)
            {
                throw Fail($"malformed header: it is not a Python dict: {Quote(header)}", ResaveFix);
            }

            var present = Excerpt.Join(dict.Entries, e => "'" + e.Key + "'");
            foreach (var key in new[] { "descr", "fortran_order", "shape" })
            {
                if (!dict.TryGetValue(key, out _))
                {
                    throw Fail(
                        $"the header has no '{key}' key (a .npy header needs 'descr', 'fortran_order' and 'shape'; this one has {(present.Length == 0 ? "none" : present)})",
                        ResaveFix);
                }
            }

            // NumPy itself refuses headers with other keys, so a file that has them was not written by NumPy.
            var unexpected = dict.Entries.FirstOrDefault(e => e.Key is not ("descr" or "fortran_order" or "shape"));
            if (unexpected.Key is not null)
            {
                throw Fail($"malformed header: unexpected key '{Excerpt.Of(unexpected.Key)}' (a .npy header has exactly 'descr', 'fortran_order' and 'shape')", ResaveFix);
            }

            dict.TryGetValue("descr", out var descr);
            dict.TryGetValue("fortran_order", out var fortran);
            dict.TryGetValue("shape", out var shape);
            var dtype = ParseDescr(descr!);
            var dims = ParseShape(shape!);
            if (fortran is not bool fortranOrder)
            {
                throw Fail($"malformed header: 'fortran_order' is {Show(fortran!)}, not True or False", ResaveFix);
            }

            return new Header(dtype, fortranOrder, dims);
        }

        private NumPyDType ParseDescr(object descr)
        {
            if (descr is PySequence { IsTuple: false } fields)
            {
                var names = Excerpt.Join(fields.Items.OfType<PySequence>(), f => f.Items.Count > 0 ? Show(f.Items[0]) : "?");
                throw FailDType(
                    $"the dtype is a structured (record) dtype with fields {names}; weight tensors must be plain numeric arrays",
                    "save each field as its own array, e.g. np.savez(path, a=arr['a'], b=arr['b'])");
            }

            if (descr is not string text)
            {
                throw FailDType($"malformed header: 'descr' is {Show(descr)}, not a dtype string like '<f4'", ResaveFix);
            }

            var order = text.Length > 0 && text[0] is '<' or '>' or '=' or '|' ? text[0] : '\0';
            var code = order == '\0' ? text : text.Substring(1);
            if (code.StartsWith("O", StringComparison.Ordinal))
            {
                throw FailDType(
                    $"the dtype '{Excerpt.Of(text)}' is an object array (pickled Python objects, not numbers)",
                    "save a numeric array, not a pickled object: np.save(path, np.asarray(values, dtype=np.float32)); for a PyTorch tensor use t.detach().cpu().numpy()");
            }

            NumPyDType? dtype = code switch
            {
                "f4" => NumPyDType.Float32,
                "f8" => NumPyDType.Float64,
                "i1" => NumPyDType.Int8,
                "i2" => NumPyDType.Int16,
                "i4" => NumPyDType.Int32,
                "u1" => NumPyDType.UInt8,
                _ => null,
            };

            if (dtype is null)
            {
                var (typeName, fix) = DescribeUnsupported(code);
                if (tensorName.EndsWith("num_batches_tracked", StringComparison.Ordinal))
                {
                    // The usual way to meet int64: a whole BatchNorm state_dict exported as is.
                    fix = "num_batches_tracked is BatchNorm's training counter and is not used for inference; export without it: "
                        + "np.savez(path, **{k: v.cpu().numpy() for k, v in model.state_dict().items() if not k.endswith('num_batches_tracked')})";
                }

                throw FailDType($"unsupported dtype '{Excerpt.Of(text)}' ({typeName}); supported dtypes are {NumPyDTypeInfo.SupportedList}", fix);
            }

            // Byte order only matters for multi-byte types; '=' (native) and '|' are little-endian on every
            // machine that writes weight files, and NumPy itself never writes '=' into a header.
            if (order == '>' && dtype.Value.ItemSize() > 1)
            {
                throw FailDType(
                    $"the dtype '{Excerpt.Of(text)}' is big-endian ({dtype.Value.TypeName()}, most significant byte first); only little-endian data is read",
                    $"convert before saving: np.save(path, arr.astype('<{Excerpt.Of(code)}'))");
            }

            return dtype.Value;
        }

        private static (string TypeName, string Fix) DescribeUnsupported(string code)
        {
            const string toFloat = "convert before saving: np.save(path, arr.astype('<f4'))";
            const string toInt = "convert before saving: arr.astype('<i4') if the values fit in int32, or arr.astype('<f4') for weights";
            return code switch
            {
                "f2" => ("float16", toFloat),
                "f16" or "f12" or "g" => ("long double", toFloat),
                "c8" => ("complex64", "weights must be real: save arr.real.astype('<f4') (or the magnitude) instead"),
                "c16" or "c32" => ("complex", "weights must be real: save arr.real.astype('<f4') (or the magnitude) instead"),
                "i8" => ("int64, NumPy's default integer", toInt),
                "u2" => ("uint16", toInt),
                "u4" => ("uint32", toInt),
                "u8" => ("uint64", toInt),
                "b1" or "?" => ("bool", "convert before saving: np.save(path, arr.astype('|u1'))"),
                _ when code.StartsWith("U", StringComparison.Ordinal) => ("unicode strings", "save numeric arrays only; keep names and labels out of the weight file"),
                _ when code.StartsWith("S", StringComparison.Ordinal) || code.StartsWith("a", StringComparison.Ordinal) => ("byte strings", "save numeric arrays only; keep names and labels out of the weight file"),
                _ when code.StartsWith("V", StringComparison.Ordinal) => ("raw void bytes", "save a numeric array (e.g. arr.astype('<f4'))"),
                _ when code.StartsWith("M", StringComparison.Ordinal) || code.StartsWith("m", StringComparison.Ordinal) => ("date/time", "save numeric arrays only"),
                _ => ("not a dtype this reader knows", toFloat),
            };
        }

        private int[] ParseShape(object shape)
        {
            if (shape is not PySequence { IsTuple: true } tuple)
            {
                var hint = shape is PyNumber ? $"; a one-dimensional shape is written ({Show(shape)},)" : string.Empty;
                throw Fail($"malformed header: 'shape' is {Show(shape)}, not a tuple of non-negative integers{hint}", ResaveFix);
            }

            if (tuple.Items.Count > MaxRank)
            {
                throw Fail($"the shape has {Inv(tuple.Items.Count)} axes; NumPy arrays have at most {Inv(MaxRank)}", "check the header: it was probably damaged");
            }

            var dims = new long[tuple.Items.Count];
            for (var i = 0; i < dims.Length; i++)
            {
                var item = tuple.Items[i];
                if (item is not PyNumber { IsInteger: true } number)
                {
                    throw Fail($"the shape {Show(shape)} has a non-integer dimension {Show(item)}", ResaveFix);
                }

                if (number.Integer < 0 || (number.Integer is null && number.Text.StartsWith("-", StringComparison.Ordinal)))
                {
                    throw Fail($"the shape {Show(shape)} has a negative dimension {Show(item)}", ResaveFix);
                }

                if (number.Integer is null || number.Integer.Value > int.MaxValue)
                {
                    throw Fail($"the shape {Show(shape)} has a dimension larger than one array can hold ({Inv(int.MaxValue)})", "split the tensor, or check the header: it was probably damaged");
                }

                dims[i] = number.Integer.Value;
            }

            if (NumPyArray.CountElements(dims) is not { } count || count > MaxElements)
            {
                throw Fail($"the shape {Show(shape)} has more than {Inv(MaxElements)} elements, more than this reader reads", "split the tensor, or check the header: it was probably damaged");
            }

            return dims.Select(d => (int)d).ToArray();
        }

        private NumPyArray BuildArray(Header header, ReadOnlySpan<byte> data)
        {
            var count = NumPyArray.CountElements(header.Shape.Select(d => (long)d).ToArray())!.Value;
            var itemSize = header.DType.ItemSize();
            var expected = (long)count * itemSize;
            if (expected > int.MaxValue)
            {
                throw Fail($"the shape {NumPyArray.ShowShape(header.Shape)} of {header.DType.TypeName()} needs {Inv(expected)} bytes, more than one array can hold", "split the tensor");
            }

            var what = $"shape {NumPyArray.ShowShape(header.Shape)} of {header.DType.TypeName()} ({Inv(itemSize)} byte{(itemSize == 1 ? string.Empty : "s")} each)";
            if (data.Length < expected)
            {
                throw Fail($"the data is truncated: expected {Inv(expected)} bytes for {what}, found only {Inv(data.Length)} after the header", ReexportFix);
            }

            if (data.Length > expected)
            {
                throw Fail(
                    $"shape/size mismatch: {what} needs {Inv(expected)} bytes, but {Inv(data.Length)} bytes follow the header ({Inv(data.Length - expected)} too many), so the header does not describe the data",
                    "re-save the array with np.save(path, arr); do not edit .npy headers by hand or append to the file");
            }

            var bytes = header.FortranOrder
                ? FortranToC(data, header.Shape, itemSize, count)
                : data.ToArray();
            return NumPyArray.FromTrustedBytes(tensorName, header.DType, header.Shape, count, bytes);
        }

        private NumPyFormatException Fail(string problem, string fix) => new(fileName, tensorName, problem, fix);

        private NumPyFormatException FailDType(string problem, string fix) => new(fileName, tensorName, problem, fix, kind: NumPyProblemKind.UnsupportedDType);
    }

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Shows a header fragment in error messages: trimmed of NumPy's padding and cut if long.</summary>
    private static string Quote(string header) => "\"" + Excerpt.Of(header.TrimEnd(' ', '\n', '\r', '\t', '\0')) + "\"";

    /// <summary>Shows a parsed literal in messages roughly as Python's repr would, cut if long.</summary>
    private static string Show(object value) => Excerpt.Of(Repr(value));

    private static string Repr(object value) => value switch
    {
        string s => "'" + s + "'",
        bool b => b ? "True" : "False",
        PyNumber n => n.Text,
        PyNone => "None",
        PySequence { IsTuple: true, Items.Count: 1 } t => "(" + Repr(t.Items[0]) + ",)",
        PySequence { IsTuple: true } t => "(" + string.Join(", ", t.Items.Select(Repr)) + ")",
        PySequence l => "[" + string.Join(", ", l.Items.Select(Repr)) + "]",
        PyDict d => "{" + string.Join(", ", d.Entries.Select(e => "'" + e.Key + "': " + Repr(e.Value))) + "}",
        _ => value.ToString() ?? string.Empty,
    };

    internal sealed class Header(NumPyDType dtype, bool fortranOrder, int[] shape)
    {
        public NumPyDType DType { get; } = dtype;

        public bool FortranOrder { get; } = fortranOrder;

        public int[] Shape { get; } = shape;
    }
}
