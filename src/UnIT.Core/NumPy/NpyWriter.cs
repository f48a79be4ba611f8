using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace UnIT.NumPy;

/// <summary>
/// Writes one array in <c>.npy</c> format exactly as NumPy's <c>np.save</c> does: version 1.0, little-endian,
/// C order, the header dict padded with spaces and a newline so the data starts on a 64-byte boundary.
/// </summary>
public static class NpyWriter
{
    /// <summary>NumPy aligns the data to this many bytes (so the file can be memory-mapped).</summary>
    private const int ArrayAlign = 64;

    /// <summary>NumPy (1.24+) leaves room in the header for the first axis to grow to this many digits.</summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>Writes <paramref name="array"/> as a <c>.npy</c> image to <paramref name="destination"/>.</summary>
    public static void Write(Stream destination, NumPyArray array)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        var header = Header(array ?? throw new ArgumentNullException(nameof(array)));
        destination.Write(header, 0, header.Length);
        var data = array.LittleEndianData.ToArray();
        destination.Write(data, 0, data.Length);
    }

    /// <summary>The <c>.npy</c> image of <paramref name="array"/>.</summary>
    public static byte[] ToBytes(NumPyArray array)
    {
        using var stream = new MemoryStream();
        Write(stream, array);
        return stream.ToArray();
    }

    /// <summary>Writes <paramref name="array"/> to a <c>.npy</c> file (created or overwritten).</summary>
    public static void WriteFile(string path, NumPyArray array) => File.WriteAllBytes(path, ToBytes(array));

    /// <summary>The magic, version, header length and padded header dict, as NumPy writes them.</summary>
    internal static byte[] Header(NumPyArray array)
    {
        var text = new StringBuilder();
        text.Append("{'descr': '").Append(array.DType.Descr()).Append("', 'fortran_order': False, 'shape': ")
            .Append(NumPyArray.FormatShape(array.Shape)).Append(", }");
        if (array.Shape.Count > 0)
        {
            text.Append(' ', Math.Max(0, GrowthAxisMaxDigits - array.Shape[0].ToString(CultureInfo.InvariantCulture).Length));
        }

        // Version 1.0 stores the header length in 2 bytes; NumPy falls back to 2.0 when it does not fit.
        var header = Wrap(text.ToString(), lengthSize: 2);
        return header ?? Wrap(text.ToString(), lengthSize: 4)!;
    }

    private static byte[]? Wrap(string dict, int lengthSize)
    {
        var preamble = 8 + lengthSize;
        var withNewline = dict.Length + 1;
        var padding = ArrayAlign - ((preamble + withNewline) % ArrayAlign);
        var headerLength = withNewline + padding;
        if (lengthSize == 2 && headerLength > ushort.MaxValue)
        {
            return null;
        }

        var bytes = new byte[preamble + headerLength];
        NpyReader.Magic.CopyTo(bytes);
        bytes[6] = (byte)(lengthSize == 2 ? 1 : 2);
        bytes[7] = 0;
        if (lengthSize == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        }

        Encoding.ASCII.GetBytes(dict, 0, dict.Length, bytes, preamble);
        bytes.AsSpan(preamble + dict.Length, padding).Fill((byte)' ');
        bytes[bytes.Length - 1] = (byte)'\n';
        return bytes;
    }
}
