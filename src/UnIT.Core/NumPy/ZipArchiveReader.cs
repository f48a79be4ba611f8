using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using UnIT.Text;

namespace UnIT.NumPy;

/// <summary>
/// Reads the members of a zip archive held in memory: the subset <c>np.savez</c> and
/// <c>np.savez_compressed</c> (Python's <c>zipfile</c>) write: stored or deflated members, zip64 extra fields,
/// no encryption, one disk.
/// </summary>
/// <remarks>
/// Why not <see cref="ZipArchive"/>: its behaviour (CRC validation, duplicate names, exception types) differs
/// between the .NET Framework and .NET compiler hosts the generator runs in, and its exceptions name neither
/// the file nor the member. Walking the central directory here gives the same result in every host and makes
/// every failure a <see cref="NumPyFormatException"/> naming the member; inflating still uses
/// <see cref="DeflateStream"/>, whose exceptions are wrapped.
/// </remarks>
internal sealed class ZipArchiveReader
{
    private const uint LocalHeaderSignature = 0x04034B50;
    private const uint CentralHeaderSignature = 0x02014B50;
    private const uint EndOfCentralDirectorySignature = 0x06054B50;
    private const uint Zip64EndSignature = 0x06064B50;
    private const uint Zip64LocatorSignature = 0x07064B50;
    private const int EndOfCentralDirectorySize = 22;
    private const string RecreateFix = "re-create the archive with np.savez or np.savez_compressed; if it was downloaded or copied, do that again";

    private readonly byte[] _bytes;
    private readonly string _fileName;

    public ZipArchiveReader(byte[] bytes, string fileName)
    {
        _bytes = bytes;
        _fileName = fileName;
    }

    /// <summary>The members in central-directory order (the order they were written).</summary>
    public IReadOnlyList<ZipMember> ReadDirectory()
    {
        var end = FindEndOfCentralDirectory();
        var span = new ReadOnlySpan<byte>(_bytes);
        long diskNumber = U16(span, end + 4);
        long directoryDisk = U16(span, end + 6);
        long entriesOnDisk = U16(span, end + 8);
        long entryCount = U16(span, end + 10);
        long directorySize = U32(span, end + 12);
        long directoryOffset = U32(span, end + 16);
        var directoryLimit = (long)end;

        if (entryCount == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF)
        {
            // Zip64: the real values are in the zip64 end record, found through the locator just before.
            var locator = end - 20;
            if (locator < 0 || U32(span, locator) != Zip64LocatorSignature)
            {
                throw Damaged("the end record refers to zip64 values but there is no zip64 locator");
            }

            var record = ClampToLong(U64(span, locator + 8));
            if (record < 0 || record > locator - 56 || U32(span, (int)record) != Zip64EndSignature)
            {
                throw Damaged("the zip64 end record is missing or out of place");
            }

            diskNumber = U32(span, (int)record + 16);
            directoryDisk = U32(span, (int)record + 20);
            entriesOnDisk = ClampToLong(U64(span, record + 24));
            entryCount = ClampToLong(U64(span, record + 32));
            directorySize = ClampToLong(U64(span, record + 40));
            directoryOffset = ClampToLong(U64(span, record + 48));
            directoryLimit = record;
        }

        if (diskNumber != 0 || directoryDisk != 0 || entriesOnDisk != entryCount)
        {
            throw new NumPyFormatException(_fileName, null,
                "the archive is split over several disks (a spanned zip)", "create a single-file archive with np.savez");
        }

        if (directoryOffset > directoryLimit || directorySize > directoryLimit - directoryOffset)
        {
            throw Damaged($"the central directory (offset {Inv(directoryOffset)}, {Inv(directorySize)} bytes) lies outside the file");
        }

        // Each directory entry takes at least 46 bytes: a count that cannot fit is damage, not a reason to allocate.
        if (entryCount > directorySize / 46)
        {
            throw Damaged($"the central directory claims {Inv(entryCount)} members but has room for at most {Inv(directorySize / 46)}");
        }

        var members = new List<ZipMember>((int)entryCount);
        var position = (int)directoryOffset;
        var limit = (int)(directoryOffset + directorySize);
        for (var i = 0; i < entryCount; i++)
        {
            members.Add(ReadCentralEntry(span, ref position, limit, i));
        }

        return members;
    }

    /// <summary>The uncompressed bytes of <paramref name="member"/>, CRC-checked.</summary>
    public byte[] Extract(ZipMember member)
    {
        var span = new ReadOnlySpan<byte>(_bytes);
        var header = member.LocalHeaderOffset;
        if (header < 0 || header > _bytes.Length - 30 || U32(span, (int)header) != LocalHeaderSignature)
        {
            throw MemberDamaged(member, $"its local header at offset {Inv(header)} is missing");
        }

        int nameLength = U16(span, (int)header + 26);
        int extraLength = U16(span, (int)header + 28);
        var dataStart = header + 30 + nameLength + extraLength;
        if (dataStart > _bytes.Length || !span.Slice((int)header + 30, nameLength).SequenceEqual(member.RawName))
        {
            throw MemberDamaged(member, "its local header does not match the central directory");
        }

        if (member.CompressedSize > _bytes.Length - dataStart)
        {
            throw MemberDamaged(member, $"its data ({Inv(member.CompressedSize)} bytes at offset {Inv(dataStart)}) runs past the end of the file");
        }

        if (member.UncompressedSize > int.MaxValue)
        {
            throw MemberDamaged(member, $"it claims {Inv(member.UncompressedSize)} bytes, more than one array can hold");
        }

        var compressed = new ReadOnlySpan<byte>(_bytes, (int)dataStart, (int)member.CompressedSize);
        byte[] data;
        switch (member.Method)
        {
            case 0:
                if (member.CompressedSize != member.UncompressedSize)
                {
                    throw MemberDamaged(member, $"it is stored uncompressed but its sizes differ ({Inv(member.CompressedSize)} vs {Inv(member.UncompressedSize)} bytes)");
                }

                data = compressed.ToArray();
                break;
            case 8:
                data = Inflate(member, (int)dataStart);
                break;
            default:
                throw new NumPyFormatException(_fileName, member.TensorName,
                    $"archive member '{Excerpt.Of(member.Name)}' uses zip compression method {Inv(member.Method)} ({MethodName(member.Method)}); only stored and deflated members are read",
                    "save with np.savez (stored) or np.savez_compressed (deflated)");
        }

        var crc = Crc32.Compute(data);
        if (crc != member.Crc32)
        {
            throw MemberDamaged(member, $"its CRC-32 is 0x{crc.ToString("X8", CultureInfo.InvariantCulture)} but the archive records 0x{member.Crc32.ToString("X8", CultureInfo.InvariantCulture)} (the data was altered)");
        }

        return data;
    }

    private byte[] Inflate(ZipMember member, int dataStart)
    {
        // Deflate cannot expand more than ~1032:1; a larger claim is a damaged size field, and refusing it
        // keeps a corrupt header from allocating gigabytes.
        if (member.UncompressedSize > (member.CompressedSize * 1032) + 1024)
        {
            throw MemberDamaged(member, $"it claims {Inv(member.UncompressedSize)} bytes from {Inv(member.CompressedSize)} compressed bytes, more than deflate can produce");
        }

        var claimed = (int)member.UncompressedSize;
        try
        {
            using var source = new MemoryStream(_bytes, dataStart, (int)member.CompressedSize, writable: false);
            using var inflater = new DeflateStream(source, CompressionMode.Decompress);

            // The .npy header comes first and says how long the member must be: check the recorded size against it
            // before allocating room for the data, so a damaged size field cannot make the reader allocate more than
            // the header (bounded in elements) justifies.
            var preamble = new byte[Math.Min(claimed, NpyReader.MaxPreambleBytes)];
            Fill(member, inflater, preamble, 0, claimed);
            var headerEnd = Math.Min(NpyReader.HeaderEnd(preamble, _fileName, member.TensorName), claimed);
            var start = new byte[headerEnd];
            preamble.AsSpan(0, Math.Min(preamble.Length, headerEnd)).CopyTo(start);
            Fill(member, inflater, start, preamble.Length, claimed);
            var required = NpyReader.ImageLength(start, _fileName, member.TensorName);
            if (required != claimed)
            {
                throw MemberDamaged(member, $"the archive records {Inv(claimed)} uncompressed bytes, but its .npy header describes {Inv(required)}");
            }

            var data = new byte[claimed];
            start.CopyTo(data, 0);
            Fill(member, inflater, data, start.Length, claimed);
            if (inflater.Read(new byte[1], 0, 1) != 0)
            {
                throw MemberDamaged(member, $"its deflate data holds more than the {Inv(claimed)} bytes the archive records");
            }

            return data;
        }
        catch (NumPyFormatException e) when (e.Kind == NumPyProblemKind.Malformed && e.InnerException is null)
        {
            // A header that inflates to nonsense is, in a deflated member, most likely damage to the compressed data.
            throw MemberDamaged(member, e.Problem, e);
        }
        catch (InvalidDataException e)
        {
            throw MemberDamaged(member, $"its deflate data cannot be decompressed ({e.Message.TrimEnd('.')})", e);
        }
        catch (IOException e)
        {
            throw MemberDamaged(member, $"its deflate data cannot be decompressed ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>Inflates into <paramref name="buffer"/> from <paramref name="from"/> to its end; running dry first is damage.</summary>
    private void Fill(ZipMember member, DeflateStream inflater, byte[] buffer, int from, int claimed)
    {
        var filled = from;
        while (filled < buffer.Length)
        {
            var read = inflater.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                throw MemberDamaged(member, $"its deflate data ends after {Inv(filled)} of {Inv(claimed)} bytes");
            }

            filled += read;
        }
    }

    private ZipMember ReadCentralEntry(ReadOnlySpan<byte> span, ref int position, int limit, int index)
    {
        if (position > limit - 46 || U32(span, position) != CentralHeaderSignature)
        {
            throw Damaged($"central directory entry {Inv(index + 1)} is missing or damaged");
        }

        int flags = U16(span, position + 8);
        int method = U16(span, position + 10);
        var crc = U32(span, position + 16);
        long compressedSize = U32(span, position + 20);
        long uncompressedSize = U32(span, position + 24);
        int nameLength = U16(span, position + 28);
        int extraLength = U16(span, position + 30);
        int commentLength = U16(span, position + 32);
        long localHeader = U32(span, position + 42);
        var next = position + 46 + nameLength + extraLength + commentLength;
        if (next > limit)
        {
            throw Damaged($"central directory entry {Inv(index + 1)} runs past the end of the directory");
        }

        var rawName = span.Slice(position + 46, nameLength).ToArray();

        // Bit 11 marks UTF-8 names; others are CP437, which equals ASCII for every name np.savez writes.
        var name = Encoding.UTF8.GetString(rawName);
        var extra = span.Slice(position + 46 + nameLength, extraLength);
        ApplyZip64Extra(extra, ref uncompressedSize, ref compressedSize, ref localHeader);
        position = next;

        var member = new ZipMember(name, rawName, method, flags, crc, compressedSize, uncompressedSize, localHeader);
        if ((flags & 1) != 0)
        {
            throw new NumPyFormatException(_fileName, member.TensorName,
                $"archive member '{Excerpt.Of(name)}' is encrypted", "save the archive without a password (np.savez never encrypts)");
        }

        return member;
    }

    /// <summary>The zip64 extra field (id 1) holds the 8-byte values whose 4-byte fields are 0xFFFFFFFF, in this order.</summary>
    private static void ApplyZip64Extra(ReadOnlySpan<byte> extra, ref long uncompressedSize, ref long compressedSize, ref long localHeader)
    {
        var p = 0;
        while (p + 4 <= extra.Length)
        {
            int id = U16(extra, p);
            int size = U16(extra, p + 2);
            if (p + 4 + size > extra.Length)
            {
                return;
            }

            if (id == 1)
            {
                var field = extra.Slice(p + 4, size);
                var q = 0;
                if (uncompressedSize == 0xFFFFFFFF && q + 8 <= field.Length)
                {
                    uncompressedSize = ClampToLong(U64(field, q));
                    q += 8;
                }

                if (compressedSize == 0xFFFFFFFF && q + 8 <= field.Length)
                {
                    compressedSize = ClampToLong(U64(field, q));
                    q += 8;
                }

                if (localHeader == 0xFFFFFFFF && q + 8 <= field.Length)
                {
                    localHeader = ClampToLong(U64(field, q));
                }

                return;
            }

            p += 4 + size;
        }
    }

    private int FindEndOfCentralDirectory()
    {
        var span = new ReadOnlySpan<byte>(_bytes);
        var lowest = Math.Max(0, _bytes.Length - EndOfCentralDirectorySize - 0xFFFF);
        for (var p = _bytes.Length - EndOfCentralDirectorySize; p >= lowest; p--)
        {
            if (U32(span, p) == EndOfCentralDirectorySignature && p + EndOfCentralDirectorySize + U16(span, p + 20) <= _bytes.Length)
            {
                return p;
            }
        }

        if (_bytes.Length >= 4 && U32(span, 0) is LocalHeaderSignature or EndOfCentralDirectorySignature)
        {
            throw Damaged($"the zip end-of-central-directory record is missing, so the archive is truncated or damaged ({Inv(_bytes.Length)} bytes)");
        }

        var description = NpyReader.DescribeStart(span, out var kind);
        throw new NumPyFormatException(_fileName, null,
            $"not a valid .npz (zip) archive: {description}, and there is no zip end-of-central-directory record",
            kind == "pickle" || kind == "hdf5" || kind == "text" ? NpyReader.FixForForeignFile(kind) : "save the weights with np.savez (or np.savez_compressed)");
    }

    private NumPyFormatException Damaged(string detail) =>
        new(_fileName, null, $"the .npz (zip) archive is corrupt: {detail}", RecreateFix);

    private NumPyFormatException MemberDamaged(ZipMember member, string detail, Exception? inner = null) =>
        new(_fileName, member.TensorName, $"archive member '{Excerpt.Of(member.Name)}' is corrupt: {detail}", RecreateFix, inner);

    private static string MethodName(int method) => method switch
    {
        9 => "deflate64",
        12 => "bzip2",
        14 => "LZMA",
        93 => "Zstandard",
        95 => "XZ",
        _ => "unknown",
    };

    private static long ClampToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    private static ushort U16(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(offset, 2));

    private static uint U32(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(offset, 4));

    private static uint U32(ReadOnlySpan<byte> span, long offset) => U32(span, (int)offset);

    private static ushort U16(ReadOnlySpan<byte> span, long offset) => U16(span, (int)offset);

    private static ulong U64(ReadOnlySpan<byte> span, long offset) => BinaryPrimitives.ReadUInt64LittleEndian(span.Slice((int)offset, 8));

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One central-directory entry of a zip archive.</summary>
internal sealed class ZipMember(string name, byte[] rawName, int method, int flags, uint crc32, long compressedSize, long uncompressedSize, long localHeaderOffset)
{
    public string Name { get; } = name;

    public byte[] RawName { get; } = rawName;

    public int Method { get; } = method;

    public int Flags { get; } = flags;

    public uint Crc32 { get; } = crc32;

    public long CompressedSize { get; } = compressedSize;

    public long UncompressedSize { get; } = uncompressedSize;

    public long LocalHeaderOffset { get; } = localHeaderOffset;

    /// <summary>The tensor NumPy's <c>np.load</c> exposes this member as: the name without <c>.npy</c>.</summary>
    public string TensorName => Name.EndsWith(".npy", StringComparison.Ordinal) ? Name.Substring(0, Name.Length - 4) : Name;
}
