using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace UnIT.Training.Data;

/// <summary>
/// Reads the gzip byte file written by <c>Data/mnist/convert-mnist.mjs</c> (format in <c>Data/mnist/README.md</c>):
/// labels and 8-bit pixels in split order, train digits first.
/// </summary>
internal sealed class MnistFile
{
    public const string ResourceName = "UnIT.Training.Data.mnist-10k.bin.gz";
    private const string Magic = "UNITMNST";
    private const int SupportedVersion = 1;
    private const int HeaderSize = 36;

    private MnistFile(byte[] labels, byte[] pixels, int trainCount, int rows, int columns, uint splitSeed)
    {
        Labels = labels;
        Pixels = pixels;
        TrainCount = trainCount;
        Rows = rows;
        Columns = columns;
        SplitSeed = splitSeed;
    }

    /// <summary>One label (0–9) per digit.</summary>
    public byte[] Labels { get; }

    /// <summary><c>Rows · Columns</c> grey levels (0–255) per digit, row-major.</summary>
    public byte[] Pixels { get; }

    /// <summary>Digits <c>0 … TrainCount−1</c> are train, the rest test.</summary>
    public int TrainCount { get; }

    public int Rows { get; }

    public int Columns { get; }

    public uint SplitSeed { get; }

    public int Count => Labels.Length;

    /// <summary>Reads the copy embedded in this assembly.</summary>
    public static MnistFile ReadEmbedded()
    {
        using var stream = typeof(MnistFile).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from UnIT.Training.");
        return Read(stream);
    }

    /// <summary>Reads a gzip-compressed MNIST byte file.</summary>
    /// <exception cref="InvalidDataException">The file is not in the expected format.</exception>
    public static MnistFile Read(Stream compressed)
    {
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        var header = new byte[HeaderSize];
        gzip.ReadExactly(header);
        if (Encoding.ASCII.GetString(header, 0, Magic.Length) != Magic)
        {
            throw new InvalidDataException($"Not an MNIST byte file: the magic is not '{Magic}'.");
        }

        int Field(int index) => checked((int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8 + (4 * index))));
        var version = Field(0);
        if (version != SupportedVersion)
        {
            throw new InvalidDataException($"MNIST byte file version {version} is not supported (expected {SupportedVersion}).");
        }

        var (count, trainCount, testCount, rows, columns) = (Field(1), Field(2), Field(3), Field(4), Field(5));
        if (trainCount + testCount != count || rows < 1 || columns < 1)
        {
            throw new InvalidDataException($"Inconsistent MNIST header: {count} digits, {trainCount} train, {testCount} test, {rows}x{columns}.");
        }

        var splitSeed = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(32));
        var labels = new byte[count];
        gzip.ReadExactly(labels);
        var pixels = new byte[checked(count * rows * columns)];
        gzip.ReadExactly(pixels);
        if (gzip.ReadByte() != -1)
        {
            throw new InvalidDataException("The MNIST byte file has data after its pixels.");
        }

        return new MnistFile(labels, pixels, trainCount, rows, columns, splitSeed);
    }
}
