using System.Globalization;
using UnIT.Kernels;

namespace UnIT.Generators.EmittingC;

/// <summary>C spellings of integer constants: the narrowest <c>stdint.h</c> type holding a table, and literals.</summary>
internal static class CTypes
{
    /// <summary>The narrowest type holding every value (<see cref="TableWidths"/>: the flash estimate counts the same widths).</summary>
    public static string Narrowest(IEnumerable<long> values) => TableWidths.Of(values) switch
    {
        TableWidth.UInt8 => "uint8_t",
        TableWidth.Int16 => "int16_t",
        TableWidth.UInt16 => "uint16_t",
        _ => "int32_t",
    };

    /// <summary>A decimal literal that keeps its value in any C integer type (int32 extremes spelled portably).</summary>
    public static string Literal(long value) =>
        value == int.MinValue ? "(-2147483647L - 1)"
        : value is > short.MaxValue or < short.MinValue ? value.ToString(CultureInfo.InvariantCulture) + "L"
        : value.ToString(CultureInfo.InvariantCulture);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
