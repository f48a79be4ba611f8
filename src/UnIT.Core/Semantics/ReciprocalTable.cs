namespace UnIT.Semantics;

/// <summary>
/// The midpoint-reciprocal tables of <see cref="DivisionApproximation.ReciprocalLut"/>: entry <c>m</c> of a
/// <c>k</c>-bit table is <c>1 / (1 + (m + ½)/2^k)</c>, the reciprocal of the middle of the significand interval
/// <c>[1 + m/2^k, 1 + (m+1)/2^k)</c>. That choice halves the worst relative error to <c>1/(2^(k+1)+1)</c>.
/// </summary>
public static class ReciprocalTable
{
    /// <summary>Smallest supported index width.</summary>
    public const int MinBits = 1;

    /// <summary>Largest supported index width (a 256-entry table; beyond that the table outgrows small MCUs).</summary>
    public const int MaxBits = 8;

    private static readonly float[][] SingleTables = Build(k => Enumerable.Range(0, 1 << k).Select(m => (float)Ratio(k, m)).ToArray());
    private static readonly ushort[][] Q16Tables = Build(k => Enumerable.Range(0, 1 << k).Select(m => RoundedQ16(k, m)).ToArray());

    /// <summary>Float32 entries (each the double-precision midpoint reciprocal rounded once to float).</summary>
    public static float[] Single(int bits) => SingleTables[Check(bits)];

    /// <summary>
    /// Q16 fixed-point entries: <c>round(2^16 / (1 + (m + ½)/2^k))</c>, exact integer rounding, all in (2^15, 2^16).
    /// </summary>
    public static ushort[] Q16(int bits) => Q16Tables[Check(bits)];

    /// <summary>The worst relative error of a <c>k</c>-bit table against the exact reciprocal: <c>1/(2^(k+1)+1)</c>.</summary>
    public static double RelativeErrorBound(int bits) => 1.0 / ((2 << Check(bits)) + 1);

    private static double Ratio(int bits, int m)
    {
        // 1 / (1 + (m + 1/2) / K) = 2K / (2K + 2m + 1)
        var twoK = 2 << bits;
        return twoK / (double)(twoK + (2 * m) + 1);
    }

    private static ushort RoundedQ16(int bits, int m)
    {
        // round-half-up of 65536 · 2K / D, in integers so no floating-point step can differ between hosts.
        long twoK = 2 << bits;
        long denominator = twoK + (2 * m) + 1;
        return (ushort)(((2L * 65536 * twoK) + denominator) / (2 * denominator));
    }

    private static T[][] Build<T>(Func<int, T[]> table) =>
        Enumerable.Range(0, MaxBits + 1).Select(k => k < MinBits ? [] : table(k)).ToArray();

    private static int Check(int bits) =>
        bits is >= MinBits and <= MaxBits
            ? bits
            : throw new ArgumentOutOfRangeException(nameof(bits), bits, $"Reciprocal table bits must be {MinBits}..{MaxBits}.");
}
