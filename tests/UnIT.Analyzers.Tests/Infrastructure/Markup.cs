using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>
/// Source with expected diagnostics marked in place: <c>{|UNIT002:Threshold = 5f|}</c> expects UNIT002 on exactly that
/// text, <c>[|...|]</c> expects the test's default id. Spans may nest.
/// </summary>
public sealed record Markup(string Source, IReadOnlyList<(string Id, TextSpan Span)> Expected)
{
    public static Markup Parse(string markup, string? defaultId = null)
    {
        var source = new StringBuilder();
        var open = new Stack<(string Id, int Start)>();
        var expected = new List<(string, TextSpan)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (At(markup, i, "{|"))
            {
                var colon = markup.IndexOf(':', i);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
            }
            else if (At(markup, i, "[|"))
            {
                open.Push((defaultId ?? throw new ArgumentException("[|...|] needs a default diagnostic id"), source.Length));
                i++;
            }
            else if (At(markup, i, "|}") || At(markup, i, "|]"))
            {
                var (id, start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }

        if (open.Count > 0)
        {
            throw new ArgumentException("Unclosed markup span");
        }

        return new Markup(source.ToString(), expected.OrderBy(e => e.Item2.Start).ThenBy(e => e.Item1, StringComparer.Ordinal).ToList());
    }

    private static bool At(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
