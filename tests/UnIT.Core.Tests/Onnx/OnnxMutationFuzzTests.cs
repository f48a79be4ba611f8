using System.Diagnostics;
using System.Globalization;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Onnx;
using Xunit;

namespace UnIT.Core.Tests.Onnx;

/// <summary>
/// Seeded mutation fuzzer over the PyTorch-exported ONNX fixtures: bit flips, truncations, random byte runs, and varints
/// (lengths, field keys, dimensions, attribute values) set to boundary values. Each mutant is read or refused with a
/// short <see cref="NumPyFormatException"/>; a mutant that reads is also mapped to a declaration and checked against the
/// original one, which may only fail with <see cref="InvalidOperationException"/>. Reading allocates a bounded amount.
/// <c>UNIT_FUZZ_CASES</c> sets the mutants per file for a longer run (docs/robustness.md).
/// </summary>
public class OnnxMutationFuzzTests
{
    private const long AllocationBound = 8 << 20;

    private const int MessageBound = 2_000;

    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("UNIT_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 400;

    public static TheoryData<string> Files() => new("mlp.onnx", "lenet.onnx", "strided.onnx");

    [Theory]
    [MemberData(nameof(Files))]
    public void Mutants_are_read_or_refused_with_a_short_NumPyFormatException(string file)
    {
        var original = OnnxFixtures.Bytes(file);
        var declared = WeightFile.Parse(original, file).Onnx!.ToDefinition("original");
        var random = new Random(file.Length * 31 + 16);
        var read = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Cases; i++)
        {
            var mutant = Mutate(original, random, out var how);
            read += Check(mutant, declared, $"{file} mutant {i} ({how})") ? 1 : 0;
        }

        // Both outcomes must occur, or the mutations test nothing (all refused) or touch nothing the reader checks (all read).
        Assert.InRange(read, 1, Cases - 1);
        Console.WriteLine($"{file}: {Cases} mutants, {read} read, {Cases - read} refused, {clock.ElapsedMilliseconds} ms");
    }

    private static bool Check(byte[] mutant, NetworkDefinition declared, string what)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = false;
        try
        {
            var onnx = WeightFile.Parse(mutant, "m.onnx").Onnx!;
            read = true;
            OnnxGraphCheck.FirstDisagreement(declared, onnx, "m.onnx");
            onnx.ToDefinition("mutant");
        }
        catch (NumPyFormatException e)
        {
            Assert.False(read, $"{what}: the graph check or declaration threw a weight-file error: {e.Message}");
            Assert.True(e.Message.Length < MessageBound, $"{what}: a {e.Message.Length}-character message");
        }
        catch (InvalidOperationException) when (read)
        {
            // An unsupported node or a missing input shape: ToDefinition's documented refusal.
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped the reader: {e}");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBound + (64L * mutant.Length), $"{what}: reading allocated {allocated} bytes");
        return read;
    }

    private static byte[] Mutate(byte[] original, Random random, out string how)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
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
                var start = random.Next(bytes.Length);
                var run = Math.Min(random.Next(1, 16), bytes.Length - start);
                random.NextBytes(bytes.AsSpan(start, run));
                how = $"{run} random bytes at {start}";
                return bytes;
            default:
                // A varint somewhere (a length, key, dimension or attribute) replaced by a boundary value of another length.
                var at = random.Next(bytes.Length);
                var end = at;
                while (end < bytes.Length && (bytes[end] & 0x80) != 0)
                {
                    end++;
                }

                end = Math.Min(end + 1, bytes.Length);
                var value = new ulong[] { 0, 1, 0x7F, 0x80, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x1_0000_0000, ulong.MaxValue, (ulong)random.Next(1, 300) }[random.Next(10)];
                how = $"varint at {at} set to {value}";
                return [.. bytes[..at], .. Varint(value), .. bytes[end..]];
        }
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
