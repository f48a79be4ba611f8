using System.Globalization;
using System.Text;

namespace UnIT.NumPy;

/// <summary>
/// Reads one array in NumPy's <c>.npy</c> format (versions 1.0, 2.0 and 3.0), as written by <c>np.save</c>.
/// See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html for the format.
/// </summary>
/// <remarks>
/// Only <see cref="ReadFile"/> touches the file system; the other members work on bytes, so the source generator
/// can call them inside the compiler.
/// </remarks>
public static partial class NpyReader
{
    /// <summary>The 6-byte magic that starts every <c>.npy</c> file: <c>\x93NUMPY</c>.</summary>
    internal static ReadOnlySpan<byte> Magic => new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>
    /// The largest header read. NumPy's own <c>np.load</c> refuses headers over 10,000 bytes unless told otherwise; this
    /// bound is looser but keeps a damaged length field from making the reader decode megabytes of "header".
    /// </summary>
    internal const int MaxHeaderBytes = 1 << 20;

    /// <summary>The most elements one array may have (2^24): 16 times what a network may use, 128 MB of float64 at most.</summary>
    internal const int MaxElements = 1 << 24;

    /// <summary>NumPy's own limit on the number of axes (<c>NPY_MAXDIMS</c> in NumPy 2).</summary>
    internal const int MaxRank = 64;

    /// <summary>Bytes before the header of a version 2.0/3.0 file (the longest preamble).</summary>
    internal const int MaxPreambleBytes = 12;

    private const string ResaveFix = "re-save the array with np.save(path, arr) (or np.savez for several); do not write or edit .npy headers by hand";

    private const string ReexportFix = "the file was cut short (an interrupted export, copy or download); export it again and check its size";

    /// <summary>Reads a <c>.npy</c> image.</summary>
    /// <param name="bytes">The whole file (or <c>.npz</c> member).</param>
    /// <param name="fileName">The weight file's name, for error messages.</param>
    /// <param name="tensorName">The name to give the tensor (and to name in error messages).</param>
    /// <exception cref="NumPyFormatException">The bytes are not a supported, complete <c>.npy</c> array.</exception>
    public static NumPyArray Read(ReadOnlySpan<byte> bytes, string fileName, string tensorName)
    {
        if (fileName is null)
        {
            throw new ArgumentNullException(nameof(fileName));
        }

        if (tensorName is null)
        {
            throw new ArgumentNullException(nameof(tensorName));
        }

        return new Context(fileName, tensorName).Read(bytes);
    }

    /// <summary>Reads a <c>.npy</c> image.</summary>
    /// <inheritdoc cref="Read(ReadOnlySpan{byte}, string, string)"/>
    public static NumPyArray Read(byte[] bytes, string fileName, string tensorName) =>
        Read(new ReadOnlySpan<byte>(bytes ?? throw new ArgumentNullException(nameof(bytes))), fileName, tensorName);

    /// <summary>
    /// Reads a <c>.npy</c> file from disk. The tensor is named after the file without <c>.npy</c>
    /// (<c>fc1.weight.npy</c> holds <c>fc1.weight</c>).
    /// </summary>
    /// <exception cref="NumPyFormatException">The file cannot be read or is not a supported <c>.npy</c> array.</exception>
    public static NumPyArray ReadFile(string path)
    {
        var fileName = Path.GetFileName(path);
        return Read(WeightFile.ReadAllBytes(path), fileName, TensorNameFromFileName(fileName));
    }

    /// <summary>
    /// Where the header of the <c>.npy</c> image starting with <paramref name="preamble"/> ends, from its first
    /// <see cref="MaxPreambleBytes"/> bytes (fewer only if the image is shorter).
    /// </summary>
    /// <exception cref="NumPyFormatException">The bytes do not start a supported <c>.npy</c> image.</exception>
    internal static int HeaderEnd(ReadOnlySpan<byte> preamble, string fileName, string tensorName) =>
        new Context(fileName, tensorName).HeaderEnd(preamble);

    /// <summary>
    /// The length a complete <c>.npy</c> image must have, from its preamble and header alone (the data offset plus the
    /// declared shape's elements times the dtype's size): an archive checks the size it records against it before it
    /// allocates room for the data.
    /// </summary>
    /// <exception cref="NumPyFormatException">The preamble or header is not a supported <c>.npy</c> header.</exception>
    internal static long ImageLength(ReadOnlySpan<byte> start, string fileName, string tensorName)
    {
        var context = new Context(fileName, tensorName);
        var header = context.ReadHeader(start, out var dataOffset);
        return dataOffset + ((long)NumPyArray.CountElements(header.Shape.Select(d => (long)d).ToArray())!.Value * header.DType.ItemSize());
    }

    /// <summary>The tensor a <c>.npy</c> file holds: its name without directory and without <c>.npy</c>.</summary>
    internal static string TensorNameFromFileName(string fileName)
    {
        var name = fileName.Substring(fileName.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        return name.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 4) : name;
    }

    /// <summary>True if <paramref name="bytes"/> starts with the <c>.npy</c> magic.</summary>
    internal static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    /// <summary>Describes how a file starts, to say what it is when it is not NumPy.</summary>
    internal static string DescribeStart(ReadOnlySpan<byte> bytes, out string? kind)
    {
        kind = null;
        if (bytes.Length >= 2 && bytes[0] == 0x80 && bytes[1] is >= 2 and <= 5)
        {
            kind = "pickle";
            return "it is a Python pickle (torch.save of a legacy .pt/.pth file, or pickle.dump)";
        }

        if (bytes.StartsWith(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F' }))
        {
            kind = "hdf5";
            return "it is an HDF5 file (a Keras .h5 / .keras weights file)";
        }

        var shown = bytes.Slice(0, Math.Min(bytes.Length, 24));
        var isText = true;
        foreach (var b in shown)
        {
            isText &= b is >= 0x20 and < 0x7F or (byte)'\n' or (byte)'\r' or (byte)'\t';
        }

        if (isText)
        {
            kind = "text";
            var text = Encoding.ASCII.GetString(shown.ToArray()).Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");
            return $"it starts with the text \"{text}{(bytes.Length > shown.Length ? "..." : string.Empty)}\"";
        }

        var hex = string.Join(" ", shown.Slice(0, Math.Min(shown.Length, 8)).ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        return $"it starts with the bytes {hex}";
    }

    /// <summary>The fix for a file that is not NumPy, tailored to what it looks like.</summary>
    internal static string FixForForeignFile(string? kind) => kind switch
    {
        "pickle" => "load the model in Python and export its state_dict: np.savez('model.npz', **{k: v.cpu().numpy() for k, v in model.state_dict().items()})",
        "hdf5" => "export the Keras weights with NumPy (np.savez), transposing kernels to PyTorch's layout first (see docs/weight-files.md)",
        "text" => "save binary NumPy arrays with np.save (.npy) or np.savez (.npz); text written by np.savetxt or a CSV is not a weight file",
        _ => "save the weights with np.save (one tensor, .npy) or np.savez (a state_dict, .npz)",
    };

    /// <summary>
    /// Reorders Fortran (column-major) elements into C (row-major) order: walks the C-order index like an
    /// odometer (last axis fastest) and tracks the matching Fortran offset incrementally.
    /// </summary>
    internal static byte[] FortranToC(ReadOnlySpan<byte> source, int[] shape, int itemSize, int count)
    {
        var rank = shape.Length;
        if (rank <= 1 || count == 0)
        {
            return source.ToArray(); // 0-d, 1-d and empty arrays are laid out the same in both orders.
        }

        var fortranStride = new long[rank];
        fortranStride[0] = 1;
        for (var k = 1; k < rank; k++)
        {
            fortranStride[k] = fortranStride[k - 1] * shape[k - 1];
        }

        var destination = new byte[(long)count * itemSize];
        var index = new int[rank];
        long sourceElement = 0;
        for (var c = 0; c < count; c++)
        {
            source.Slice((int)(sourceElement * itemSize), itemSize).CopyTo(destination.AsSpan(c * itemSize, itemSize));
            for (var k = rank - 1; k >= 0; k--)
            {
                index[k]++;
                sourceElement += fortranStride[k];
                if (index[k] < shape[k])
                {
                    break;
                }

                sourceElement -= fortranStride[k] * shape[k];
                index[k] = 0;
            }
        }

        return destination;
    }
}
