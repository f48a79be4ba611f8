using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using UnIT.NumPy;
using Xunit;

namespace UnIT.Core.Tests.NumPy;

/// <summary>Paths to the committed fixtures and the values make_fixtures.py recorded for them.</summary>
internal static class Fixtures
{
    private static readonly Lazy<JsonElement> ExpectedJson = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(NumPy("expected.json"))).RootElement.GetProperty("files"));

    public static string NumPyDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "numpy");

    public static string TorchDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "torch");

    public static string NumPy(string name) => Path.Combine(NumPyDirectory, name);

    public static string Torch(string name) => Path.Combine(TorchDirectory, name);

    public static byte[] NumPyBytes(string name) => File.ReadAllBytes(NumPy(name));

    /// <summary>The expected.json entry of one fixture.</summary>
    public static JsonElement Expected(string name) => ExpectedJson.Value.GetProperty(name);

    /// <summary>Every fixture expected.json describes (the valid ones).</summary>
    public static IEnumerable<string> ExpectedNames() => ExpectedJson.Value.EnumerateObject().Select(p => p.Name);

    public static NumPyDType DTypeOf(string descr) => descr switch
    {
        "<f4" => NumPyDType.Float32,
        "<f8" => NumPyDType.Float64,
        "|i1" => NumPyDType.Int8,
        "<i2" => NumPyDType.Int16,
        "<i4" => NumPyDType.Int32,
        "|u1" => NumPyDType.UInt8,
        _ => throw new ArgumentException($"No such dtype in the fixtures: {descr}"),
    };

    /// <summary>Asserts dtype, shape and exact values against a recorded {dtype, shape, values} entry.</summary>
    public static void AssertMatches(JsonElement expected, NumPyArray actual)
    {
        Assert.Equal(DTypeOf(expected.GetProperty("dtype").GetString()!), actual.DType);
        var shape = expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(shape, actual.Shape);
        Assert.Equal(shape.Aggregate(1, (a, b) => a * b), actual.ElementCount);
        var values = expected.GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(values.Length, actual.ElementCount);
        if (actual.DType is NumPyDType.Float32 or NumPyDType.Float64)
        {
            // The JSON holds Python reprs of the stored values, which parse back to the same double exactly;
            // compare bit patterns so -0.0 and the last ulp count.
            var doubles = actual.ToDoubleArray();
            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(values[i].GetDouble()), BitConverter.DoubleToInt64Bits(doubles[i]));
            }

            var singles = actual.ToSingleArray();
            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits((float)values[i].GetDouble()), BitConverter.SingleToInt32Bits(singles[i]));
            }
        }
        else
        {
            Assert.Equal(values.Select(v => v.GetInt32()).ToArray(), actual.ToInt32Array());
        }
    }
}

/// <summary>Builds <c>.npy</c> images with hand-written headers, for header edge cases.</summary>
internal static class NpyImage
{
    /// <summary>Magic, version, header length, then <paramref name="header"/> (padded like NumPy if asked), then data.</summary>
    public static byte[] Build(string header, byte[] data, int major = 1, bool padLikeNumPy = true, Encoding? encoding = null)
    {
        var lengthSize = major == 1 ? 2 : 4;
        var text = header;
        if (padLikeNumPy)
        {
            var padding = 64 - ((8 + lengthSize + text.Length + 1) % 64);
            text = text + new string(' ', padding) + "\n";
        }

        var headerBytes = (encoding ?? Encoding.Latin1).GetBytes(text);
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        var length = new byte[lengthSize];
        if (lengthSize == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
        }

        bytes.AddRange(length);
        bytes.AddRange(headerBytes);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    /// <summary>Little-endian float32 bytes of <paramref name="values"/>.</summary>
    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    /// <summary>0, 1, 2, ... n-1 as float32 bytes.</summary>
    public static byte[] Range(int n) => Floats(Enumerable.Range(0, n).Select(i => (float)i).ToArray());
}
