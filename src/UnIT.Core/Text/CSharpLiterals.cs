using System.Globalization;
using System.Text;

namespace UnIT.Text;

/// <summary>
/// C# literals written invariantly; floats round-trip exactly ("R"), so the generated constants are the planned bits.
/// In Core because the layer catalog writes each layer's construction code with them (docs/architecture.md).
/// </summary>
public static class CSharpLiterals
{
    /// <summary>A float literal that reads back as the same bits; infinities as <c>float.PositiveInfinity</c>.</summary>
    public static string Float(float value) =>
        float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
        : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
        : float.IsNaN(value) ? throw new ArgumentException("NaN constants are never generated.", nameof(value))
        : value.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>An int literal.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long literal (<c>L</c> suffix).</summary>
    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>A regular string literal; every control character and C# line terminator is a \u escape, so no name can end the line.</summary>
    public static string String(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append("\\\\"),
                '"' => builder.Append("\\\""),
                _ when c < ' ' || c is '\u007F' or '\u0085' or '\u2028' or '\u2029' => builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// An array initializer body, as many values to a line as fit in <paramref name="width"/> characters (at least one),
    /// so a table of small integers takes a few lines rather than one per 16 values.
    /// </summary>
    public static IEnumerable<string> ArrayLines<T>(IReadOnlyList<T> values, Func<T, string> format, int width = 200)
    {
        var line = new StringBuilder();
        foreach (var value in values)
        {
            var text = format(value) + ",";
            if (line.Length > 0 && line.Length + 1 + text.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(text);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
