using System.Globalization;

namespace UnIT.Generators.EmittingC;

/// <summary>C spellings of integer constants: the narrowest <c>stdint.h</c> type holding a table, and literals.</summary>
internal static class CTypes
{
    /// <summary>The narrowest type holding every value (FRAM is the scarce resource tables live in).</summary>
    public static string Narrowest(IEnumerable<long> values)
    {
        long min = 0, max = 0;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return min >= 0 && max <= byte.MaxValue ? "uint8_t"
            : min >= short.MinValue && max <= short.MaxValue ? "int16_t"
            : min >= 0 && max <= ushort.MaxValue ? "uint16_t"
            : "int32_t";
    }

    /// <summary>A decimal literal that keeps its value in any C integer type (int32 extremes spelled portably).</summary>
    public static string Literal(long value) =>
        value == int.MinValue ? "(-2147483647L - 1)"
        : value is > short.MaxValue or < short.MinValue ? value.ToString(CultureInfo.InvariantCulture) + "L"
        : value.ToString(CultureInfo.InvariantCulture);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
