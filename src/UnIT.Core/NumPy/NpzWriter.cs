using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace UnIT.NumPy;

/// <summary>
/// Writes an <c>.npz</c> archive the way <c>np.savez</c> (stored) and <c>np.savez_compressed</c> (deflated) do:
/// one <c>&lt;name&gt;.npy</c> member per array, in the order given. The output is deterministic (fixed
/// timestamps) so rebuilding the same weights gives the same bytes.
/// </summary>
public static class NpzWriter
{
    // 1980-01-01 00:00, the earliest zip (DOS) timestamp: deterministic, and what reproducible-build tools use.
    private const ushort DosDate = (1 << 5) | 1;
    private const ushort DosTime = 0;
    private const ushort VersionNeeded = 20;

    /// <summary>Writes <paramref name="arrays"/> as an <c>.npz</c> archive to <paramref name="destination"/>.</summary>
    /// <param name="destination">Any writable stream; it need not be seekable and is left open.</param>
    /// <param name="arrays">The tensors; their names become the member names (plus <c>.npy</c>) and must be unique.</param>
    /// <param name="compressed">Deflate the members (<c>np.savez_compressed</c>) or store them (<c>np.savez</c>).</param>
    /// <exception cref="ArgumentException">A name is empty or appears twice.</exception>
    public static void Write(Stream destination, IEnumerable<NumPyArray> arrays, bool compressed)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        var list = (arrays ?? throw new ArgumentNullException(nameof(arrays))).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var array in list)
        {
            if (array is null || string.IsNullOrEmpty(array.Name))
            {
                throw new ArgumentException("Every array needs a non-empty name: it becomes the archive member name.", nameof(arrays));
            }

            if (!names.Add(array.Name))
            {
                throw new ArgumentException($"Two arrays are named '{array.Name}'; names in an .npz must be unique.", nameof(arrays));
            }
        }

        if (list.Count > ushort.MaxValue)
        {
            throw new NotSupportedException($"{list.Count} arrays exceed the {ushort.MaxValue} members a zip without zip64 can hold.");
        }

        var central = new MemoryStream();
        long offset = 0;
        foreach (var array in list)
        {
            var name = Encoding.UTF8.GetBytes(array.Name + ".npy");
            var flags = (ushort)(name.Any(b => b >= 0x80) ? 0x0800 : 0); // bit 11: the name is UTF-8
            var raw = NpyWriter.ToBytes(array);
            var crc = Crc32.Compute(raw);
            var data = compressed ? Deflate(raw) : raw;
            var method = (ushort)(compressed ? 8 : 0);
            if (offset + 30 + name.Length + data.Length > uint.MaxValue)
            {
                throw new NotSupportedException("The archive would exceed 4 GiB, which needs zip64; weight files for microcontrollers are far smaller.");
            }

            var local = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(0), 0x04034B50);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(6), flags);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(8), method);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(10), DosTime);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(12), DosDate);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(14), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(18), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(22), (uint)raw.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), (ushort)name.Length);
            destination.Write(local, 0, local.Length);
            destination.Write(name, 0, name.Length);
            destination.Write(data, 0, data.Length);

            var entry = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(0), 0x02014B50);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(4), VersionNeeded); // made by: MS-DOS, zip 2.0
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), VersionNeeded);
            local.AsSpan(6, 24).CopyTo(entry.AsSpan(8)); // flags .. name length are the same as in the local header
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(42), (uint)offset);
            central.Write(entry, 0, entry.Length);
            central.Write(name, 0, name.Length);

            offset += local.Length + name.Length + data.Length;
        }

        var directory = central.ToArray();
        if (offset + directory.Length > uint.MaxValue)
        {
            throw new NotSupportedException("The archive would exceed 4 GiB, which needs zip64; weight files for microcontrollers are far smaller.");
        }

        destination.Write(directory, 0, directory.Length);
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(0), 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)list.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)list.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)directory.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)offset);
        destination.Write(end, 0, end.Length);
    }

    /// <summary>The <c>.npz</c> image of <paramref name="arrays"/>.</summary>
    /// <inheritdoc cref="Write(Stream, IEnumerable{NumPyArray}, bool)"/>
    public static byte[] ToBytes(IEnumerable<NumPyArray> arrays, bool compressed)
    {
        using var stream = new MemoryStream();
        Write(stream, arrays, compressed);
        return stream.ToArray();
    }

    /// <summary>Writes an <c>.npz</c> file (created or overwritten).</summary>
    /// <inheritdoc cref="Write(Stream, IEnumerable{NumPyArray}, bool)"/>
    public static void WriteFile(string path, IEnumerable<NumPyArray> arrays, bool compressed) =>
        File.WriteAllBytes(path, ToBytes(arrays, compressed));

    private static byte[] Deflate(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var deflater = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflater.Write(raw, 0, raw.Length);
        }

        return output.ToArray();
    }
}
