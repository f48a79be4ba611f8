using System.Globalization;

namespace UnIT.Generators.Emitting;

/// <summary>C# literals written invariantly; floats round-trip exactly ("R"), so the generated constants are the planned bits.</summary>
internal static class Literals
{
    public static string Float(float value) =>
        float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
        : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
        : float.IsNaN(value) ? throw new ArgumentException("NaN constants are never generated.", nameof(value))
        : value.ToString("R", CultureInfo.InvariantCulture) + "f";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    public static string String(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";

    /// <summary>An array initializer body, <paramref name="perLine"/> values to a line (the compiler handles long flat lists fine).</summary>
    public static IEnumerable<string> ArrayLines<T>(IReadOnlyList<T> values, Func<T, string> format, int perLine = 16)
    {
        for (var i = 0; i < values.Count; i += perLine)
        {
            var count = Math.Min(perLine, values.Count - i);
            yield return string.Join(", ", Enumerable.Range(i, count).Select(k => format(values[k]))) + ",";
        }
    }
}
