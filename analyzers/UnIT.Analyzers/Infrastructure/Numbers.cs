using System.Globalization;
using UnIT.Text;

namespace UnIT.Analyzers.Infrastructure;

/// <summary>How numbers appear in messages and in code fixes: invariant culture, always.</summary>
internal static class Numbers
{
    /// <summary>A value as the user wrote it (shortest round-trip form): <c>0.05</c>, <c>NaN</c>, <c>-Infinity</c>.</summary>
    public static string Exact(float value) =>
        float.IsNaN(value) ? "NaN"
        : float.IsPositiveInfinity(value) ? "+Infinity"
        : float.IsNegativeInfinity(value) ? "-Infinity"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A derived quantity with four significant digits: <c>0.4137</c>, <c>2.5E-08</c>.</summary>
    public static string Quantity(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A cycle count per inference: <c>12,345</c>.</summary>
    public static string Cycles(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A price per event: <c>67.75</c>.</summary>
    public static string Price(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A float literal for source code: <c>0.05f</c>, <c>3.1E-05f</c>.</summary>
    public static string Literal(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>An array of float literals: <c>new[] { 0.03f, 0.05f }</c>.</summary>
    public static string ArrayLiteral(IEnumerable<float> values) => "new[] { " + string.Join(", ", values.Select(Literal)) + " }";

    /// <summary>A list of values for messages: <c>{0.03, 0.05}</c>.</summary>
    public static string List(IEnumerable<float> values) => "{" + Excerpt.Join(values, Exact) + "}";

    /// <summary><c>2^e</c> as text: <c>2^-27</c>, <c>2^3</c>.</summary>
    public static string PowerOfTwo(int exponent) => "2^" + exponent.ToString(CultureInfo.InvariantCulture);

    /// <summary>An integer, invariant.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The largest float with two significant decimal digits that is not above <paramref name="value"/> (&gt; 0).</summary>
    public static float RoundDownTwoDigits(double value)
    {
        var step = Step(value);
        var rounded = (float)(Math.Floor((value / step) + 1e-9) * step);
        return rounded > value ? (float)(Math.Floor((value / step) - 1 + 1e-9) * step) : rounded;
    }

    /// <summary>The smallest float with two significant decimal digits that is not below <paramref name="value"/> (&gt; 0).</summary>
    public static float RoundUpTwoDigits(double value)
    {
        var step = Step(value);
        var rounded = (float)(Math.Ceiling((value / step) - 1e-9) * step);
        return rounded < value ? (float)(Math.Ceiling((value / step) + 1 - 1e-9) * step) : rounded;
    }

    /// <summary>The unit of the second significant digit of <paramref name="value"/>: 0.001 for 0.0123.</summary>
    private static double Step(double value) => Math.Pow(10, Math.Floor(Math.Log10(value)) - 1);
}
