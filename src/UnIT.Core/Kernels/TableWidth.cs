namespace UnIT.Kernels;

/// <summary>The C integer types a constant table is stored in, narrowest first.</summary>
public enum TableWidth
{
    /// <summary><c>uint8_t</c>: values in [0, 255].</summary>
    UInt8,

    /// <summary><c>int16_t</c>: values in [-32768, 32767].</summary>
    Int16,

    /// <summary><c>uint16_t</c>: values in [0, 65535].</summary>
    UInt16,

    /// <summary><c>int32_t</c>: anything else.</summary>
    Int32,
}

/// <summary>
/// The narrowest type that holds a table's values: the C export stores every index table so (FRAM is the scarce
/// resource), and the flash estimate (<see cref="ResourceEstimate"/>) counts entries at the same width.
/// </summary>
public static class TableWidths
{
    /// <summary>The narrowest type holding every value in [<paramref name="min"/>, <paramref name="max"/>] (0 always fits).</summary>
    public static TableWidth Of(long min, long max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        return min >= 0 && max <= byte.MaxValue ? TableWidth.UInt8
            : min >= short.MinValue && max <= short.MaxValue ? TableWidth.Int16
            : min >= 0 && max <= ushort.MaxValue ? TableWidth.UInt16
            : TableWidth.Int32;
    }

    /// <summary>The narrowest type holding every value.</summary>
    public static TableWidth Of(IEnumerable<long> values)
    {
        long min = 0, max = 0;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return Of(min, max);
    }

    /// <summary>Bytes per entry.</summary>
    public static int Bytes(this TableWidth width) => width switch
    {
        TableWidth.UInt8 => 1,
        TableWidth.Int16 or TableWidth.UInt16 => 2,
        _ => 4,
    };

    /// <summary>Bytes per entry of a table whose values lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int Bytes(long min, long max) => Of(min, max).Bytes();
}
