using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>
/// Seeded mutation fuzzer over valid <c>.npy</c>/<c>.npz</c> files: byte flips, truncations, edits of the header's
/// shape and length and of every zip size, offset and count field. Each mutant is read or refused with a
/// <see cref="NumPyFormatException"/> whose message stays short, and reading it allocates at most a bounded amount.
/// <c>UNIT_FUZZ_CASES</c> sets the mutants per file for a longer run (docs/robustness.md).
/// </summary>
public class MutationFuzzTests
{
    /// <summary>No mutant of these small files may make the reader allocate more (what a valid read of them needs is far less).</summary>
    private const long AllocationBound = 8 << 20;

    private const int MessageBound = 2_000;

    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("UNIT_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 400;

    public static TheoryData<string> Files() => new("dtype_f4.npy", "version_2_0.npy", "fortran_3d.npy", "savez_stored.npz", "savez_compressed.npz");

    [Theory]
    [MemberData(nameof(Files))]
    public void Mutants_are_read_or_refused_with_a_short_NumPyFormatException(string file)
    {
        var original = Fixtures.NumPyBytes(file);
        var random = new Random(file.Length * 31 + 7);
        for (var i = 0; i < Cases; i++)
        {
            var mutant = Mutate(original, random, out var how);
            Check(mutant, $"{file} mutant {i} ({how})");
        }
    }

    [Theory]
    [InlineData(2_147_483_632L)]
    [InlineData(1_500_000_000L)]
    public void A_member_claiming_gigabytes_is_refused_before_anything_that_large_is_allocated(long claim)
    {
        // Random data does not compress, so 2.8 MB of compressed bytes make the claim pass deflate's ratio bound.
        var random = new Random(5);
        var values = Enumerable.Range(0, 700_000).Select(_ => (float)random.NextDouble()).ToArray();
        var bytes = NpzWriter.ToBytes([NumPyArray.FromSingles("big", values, values.Length)], compressed: true);
        foreach (var offset in ZipFields(bytes).Where(f => f.Name.EndsWith("uncompressed", StringComparison.Ordinal)).Select(f => f.Offset))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), (uint)claim);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Parse(bytes, "big.npz"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the reader allocated the claimed size");
        Assert.Contains("records " + claim.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Equal("big", e.TensorName);
    }

    [Fact]
    public void A_header_with_many_keys_is_read_in_linear_time_and_quoted_briefly()
    {
        // 60,000 keys stay under the header bound; the duplicate check used to compare every key with every other.
        var keys = string.Concat(Enumerable.Range(0, 60_000).Select(i => $"'k{i}': 0, "));
        var bytes = NpyImage.Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), " + keys + "}", NpyImage.Floats(1, 2), major: 2);
        var e = Assert.Throws<NumPyFormatException>(() => NpyReader.Read(bytes, "keys.npy", "keys"));
        Assert.Contains("unexpected key 'k0'", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < MessageBound);

        var dict = (PyDict)PythonLiteral.Parse("{" + string.Concat(Enumerable.Range(0, 150_000).Select(i => $"'k{i}': {i}, ")) + "}");
        Assert.Equal(150_000, dict.Entries.Count);
    }

    [Fact]
    public void Missing_keys_list_at_most_a_bounded_prefix_of_what_the_header_has()
    {
        var keys = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"'k{i}': 0, "));
        var e = Assert.Throws<NumPyFormatException>(() => NpyReader.Read(NpyImage.Build("{" + keys + "}", [], major: 2), "keys.npy", "keys"));
        Assert.Contains("and 19", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < MessageBound);
    }

    [Fact]
    public void A_huge_member_name_is_quoted_briefly()
    {
        var name = new string('w', 60_000) + "\u001b[2J";
        var bytes = NpzWriter.ToBytes([NumPyArray.FromSingles(name, [1f], 1)], compressed: false);
        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Parse(bytes, "names.npz").Get("conv1.weight"));
        Assert.True(e.Message.Length < MessageBound);
        Assert.DoesNotContain('\u001b', e.Message);
    }

    private static void Check(byte[] mutant, string what)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            WeightFile.Parse(mutant, "f.bin");
        }
        catch (NumPyFormatException e)
        {
            Assert.True(e.Message.Length < MessageBound, $"{what}: a {e.Message.Length}-character message");
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped the reader: {e.Message}");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBound + (64L * mutant.Length), $"{what}: reading allocated {allocated} bytes");
    }

    private static byte[] Mutate(byte[] original, Random random, out string how)
    {
        var bytes = (byte[])original.Clone();
        var fields = original[0] == (byte)'P' ? ZipFields(original) : [];
        switch (random.Next(fields.Count > 0 ? 6 : 4))
        {
            case 0:
                var flips = random.Next(1, 5);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                how = $"{flips} bit flips";
                return bytes;
            case 1:
                how = "truncated";
                return bytes[..random.Next(bytes.Length)];
            case 2:
                how = "header shape edited";
                return EditShape(original, random);
            case 3:
                var lengthAt = IndexOfNpy(original, random) + 8;
                if (lengthAt < 8 || lengthAt + 4 > bytes.Length)
                {
                    goto case 0;
                }

                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(lengthAt), (ushort)Interesting(random));
                how = "header length edited";
                return bytes;
            default:
                var field = fields[random.Next(fields.Count)];
                var value = Interesting(random);
                if (field.Size == 2)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(field.Offset), (ushort)value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(field.Offset), (uint)value);
                }

                how = $"zip field {field.Name} set to {value}";
                return bytes;
        }
    }

    /// <summary>Boundary values for a size, offset or count field.</summary>
    private static long Interesting(Random random) => random.Next(8) switch
    {
        0 => 0,
        1 => 0xFFFF,
        2 => 0xFFFFFFFF,
        3 => 0x7FFFFFF0,
        4 => 1_500_000_000,
        5 => random.Next(1, 64),
        6 => random.Next(0, 4096),
        _ => random.NextInt64(0, 0x1_0000_0000),
    };

    /// <summary>Replaces one number of the first <c>'shape'</c> tuple with a boundary value.</summary>
    private static byte[] EditShape(byte[] original, Random random)
    {
        var text = Encoding.Latin1.GetString(original);
        var at = text.IndexOf("'shape': (", StringComparison.Ordinal);
        if (at < 0)
        {
            return original;
        }

        var start = at + "'shape': (".Length;
        var end = text.IndexOf(')', start);
        var replacement = new[] { "0", "-1", "4294967296", "99999999999999999999", "16777217", "65536, 65536", "1, 1, 1, 1, 1, 1, 1, 1, 1", "2.5", "'x'" }[random.Next(9)];
        var edited = text[..start] + replacement + text[end..];
        return Encoding.Latin1.GetBytes(edited);
    }

    private static int IndexOfNpy(byte[] bytes, Random random)
    {
        var starts = new List<int>();
        for (var i = 0; i + 6 <= bytes.Length; i++)
        {
            if (bytes[i] == 0x93 && bytes[i + 1] == (byte)'N' && bytes[i + 2] == (byte)'U')
            {
                starts.Add(i);
            }
        }

        return starts.Count == 0 ? -1 : starts[random.Next(starts.Count)];
    }

    private sealed record ZipField(string Name, int Offset, int Size);

    /// <summary>The size, offset and count fields of every local header, central entry and end record.</summary>
    private static List<ZipField> ZipFields(byte[] bytes)
    {
        var fields = new List<ZipField>();
        for (var p = 0; p + 4 <= bytes.Length; p++)
        {
            switch (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p)))
            {
                case 0x04034B50 when p + 30 <= bytes.Length:
                    fields.AddRange([new("local compressed", p + 18, 4), new("local uncompressed", p + 22, 4), new("local name length", p + 26, 2), new("local extra length", p + 28, 2)]);
                    break;
                case 0x02014B50 when p + 46 <= bytes.Length:
                    fields.AddRange([
                        new("central compressed", p + 20, 4), new("central uncompressed", p + 24, 4), new("central name length", p + 28, 2),
                        new("central extra length", p + 30, 2), new("central comment length", p + 32, 2), new("central local offset", p + 42, 4),
                        new("central method", p + 10, 2)]);
                    break;
                case 0x06054B50 when p + 22 <= bytes.Length:
                    fields.AddRange([new("end entries on disk", p + 8, 2), new("end entries", p + 10, 2), new("end directory size", p + 12, 4), new("end directory offset", p + 16, 4)]);
                    break;
            }
        }

        return fields;
    }
}
