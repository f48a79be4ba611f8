using System.Globalization;
using System.Text;

namespace UnIT.Text;

/// <summary>
/// How messages echo what a user or a file wrote: at most a bounded prefix, control and non-ASCII characters escaped,
/// so a hostile header, name or shape cannot make a diagnostic or an <c>error:</c> line megabytes long or break a terminal.
/// </summary>
public static class Excerpt
{
    /// <summary>Characters of echoed input a message shows before it cuts.</summary>
    public const int Limit = 120;

    /// <summary><paramref name="text"/> with control and formatting characters escaped, cut after <see cref="Limit"/> characters.</summary>
    public static string Of(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        var shown = Math.Min(text.Length, Limit);
        var builder = new StringBuilder(shown + 32);
        for (var i = 0; i < shown; i++)
        {
            var c = text[i];
            if (!IsInvisible(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(c <= 0xFF ? "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        if (text.Length > shown)
        {
            builder.Append("... (").Append(text.Length.ToString("N0", CultureInfo.InvariantCulture)).Append(" characters)");
        }

        return builder.ToString();
    }

    /// <summary>Characters that would move the cursor, hide text or reorder it on a terminal (bidi overrides are Format).</summary>
    internal static bool IsInvisible(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;

    /// <summary>
    /// Items joined with <c>", "</c>, each shown with <paramref name="show"/> and <see cref="Of"/>, until the joined text
    /// reaches <see cref="Limit"/> characters; the rest is only counted (<c>"a, b and 7 more"</c>).
    /// </summary>
    public static string Join<T>(IEnumerable<T> items, Func<T, string> show)
    {
        var builder = new StringBuilder();
        var shown = 0;
        var more = 0;
        foreach (var item in items)
        {
            if (builder.Length >= Limit)
            {
                more++;
                continue;
            }

            builder.Append(shown == 0 ? string.Empty : ", ").Append(Of(show(item)));
            shown++;
        }

        return more == 0 ? builder.ToString() : builder.Append(" and ").Append(more.ToString(CultureInfo.InvariantCulture)).Append(" more").ToString();
    }
}
