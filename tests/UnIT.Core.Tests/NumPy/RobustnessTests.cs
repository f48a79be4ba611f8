using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>
/// Damaged input of every kind must end in a <see cref="NumPyFormatException"/> or a correct read, never any
/// other exception: in the generator another exception would be a compiler crash (CS8785).
/// </summary>
public class RobustnessTests
{
    private static readonly string[] Files = ["dtype_f4.npy", "version_2_0.npy", "fortran_3d.npy", "savez_stored.npz", "savez_compressed.npz"];

    public static TheoryData<string> ValidFiles() => new(Files);

    /// <summary>Parses with every entry point; returns true on success, false on NumPyFormatException.</summary>
    private static bool TryParse(byte[] bytes)
    {
        var ok = true;
        foreach (var parse in new Action[]
        {
            () => WeightFile.Parse(bytes, "f.bin"),
            () => NpyReader.Read(bytes, "f.bin", "f"),
            () => NpzReader.Read(bytes, "f.bin"),
        })
        {
            try
            {
                parse();
            }
            catch (NumPyFormatException e)
            {
                Assert.Equal("f.bin", e.FileName);
                Assert.False(string.IsNullOrWhiteSpace(e.Problem));
                Assert.False(string.IsNullOrWhiteSpace(e.Fix));
                ok = false;
            }
        }

        return ok;
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Every_prefix_fails_cleanly(string file)
    {
        var whole = Fixtures.NumPyBytes(file);
        for (var length = 0; length < whole.Length; length++)
        {
            var prefix = whole[..length];
            Assert.Throws<NumPyFormatException>(() => WeightFile.Parse(prefix, "f.bin"));
            TryParse(prefix);
        }

        WeightFile.Parse(whole, "f.bin");
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Random_byte_flips_fail_cleanly_or_read(string file)
    {
        var whole = Fixtures.NumPyBytes(file);
        var random = new Random(20240601 + file.Length);
        for (var round = 0; round < 400; round++)
        {
            var damaged = (byte[])whole.Clone();
            var flips = 1 + random.Next(3);
            for (var f = 0; f < flips; f++)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)(1 + random.Next(255));
            }

            TryParse(damaged);
        }
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Extra_bytes_appended_fail_cleanly_or_read(string file)
    {
        var whole = Fixtures.NumPyBytes(file);
        var random = new Random(7);
        foreach (var extra in new[] { 1, 3, 22, 64, 1000 })
        {
            var longer = new byte[whole.Length + extra];
            whole.CopyTo(longer, 0);
            random.NextBytes(longer.AsSpan(whole.Length));

            TryParse(longer);
        }
    }

    [Fact]
    public void Any_flipped_byte_inside_a_stored_member_is_detected()
    {
        // Stored members have no compression to fail on: only the CRC stands between a flipped bit and a
        // silently wrong weight. Flip every byte of every member's data and insist on an error.
        var whole = Fixtures.NumPyBytes("savez_stored.npz");
        var zip = new ZipArchiveReader(whole, "savez_stored.npz");
        foreach (var member in zip.ReadDirectory())
        {
            var header = (int)member.LocalHeaderOffset;
            var start = header + 30 + BitConverter.ToUInt16(whole, header + 26) + BitConverter.ToUInt16(whole, header + 28);
            for (var i = start; i < start + member.CompressedSize; i++)
            {
                var damaged = (byte[])whole.Clone();
                damaged[i] ^= 0x01;

                var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Parse(damaged, "savez_stored.npz"));
                Assert.Contains("CRC-32", e.Problem, StringComparison.Ordinal);
                Assert.Equal(member.TensorName, e.TensorName);
            }
        }
    }

    [Fact]
    public void Random_garbage_fails_cleanly()
    {
        var random = new Random(42);
        foreach (var length in new[] { 1, 5, 9, 21, 22, 23, 64, 300, 5000 })
        {
            for (var round = 0; round < 20; round++)
            {
                var bytes = new byte[length];
                random.NextBytes(bytes);

                // Give some of them a valid-looking start so the deeper parsers get exercised too.
                if (round % 3 == 1 && length >= 4)
                {
                    bytes[0] = (byte)'P';
                    bytes[1] = (byte)'K';
                    bytes[2] = 3;
                    bytes[3] = 4;
                }
                else if (round % 3 == 2 && length >= 8)
                {
                    NpyReader.Magic.CopyTo(bytes);
                    bytes[6] = (byte)(1 + random.Next(3));
                    bytes[7] = 0;
                }

                TryParse(bytes);
            }
        }
    }
}
