using System.Globalization;
using System.Text;

namespace UnIT.Benchmarks.Infrastructure;

/// <summary>Console output in the invariant culture, with plain-text tables that paste into Markdown.</summary>
internal static class Report
{
    public static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));

    public static void Line() => Console.WriteLine();

    public static void Heading(string text)
    {
        Console.WriteLine();
        Console.WriteLine("## " + text);
        Console.WriteLine();
    }

    /// <summary>A Markdown table; columns after the first are right-aligned.</summary>
    public static void Table(string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        string Row(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |";
        var builder = new StringBuilder();
        builder.AppendLine(Row(headers));
        builder.AppendLine("| " + string.Join(" | ", widths.Select((w, i) => i == 0 ? new string('-', w) : new string('-', w - 1) + ":")) + " |");
        foreach (var row in all)
        {
            builder.AppendLine(Row(row));
        }

        Console.Write(builder.ToString());
    }

    /// <summary>A short list: all names up to four, else the first three and the count.</summary>
    public static string Compact(IReadOnlyCollection<string> names) =>
        names.Count <= 4 ? string.Join(", ", names) : string.Join(", ", names.Take(3)) + $", … ({names.Count} methods)";

    public static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(TimeSpan value) => F(value.TotalMilliseconds, 0) + " ms";

    public static string Seconds(TimeSpan value) => F(value.TotalSeconds, 2) + " s";
}
