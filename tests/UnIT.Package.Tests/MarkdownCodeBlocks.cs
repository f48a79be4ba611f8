using System.Text.RegularExpressions;

namespace UnIT.Package.Tests;

/// <summary>One fenced code block of a Markdown file, with the section (last `##` heading) it appears under.</summary>
public sealed record MarkdownCodeBlock(string Language, string Section, string Code, int Line);

/// <summary>
/// The fenced code blocks of a Markdown document, so tests run the documentation's own text rather than a copy of it.
/// A few lines of line scanning: the documents use only plain ``` fences, which is all this reads.
/// </summary>
public static partial class MarkdownCodeBlocks
{
    public static IReadOnlyList<MarkdownCodeBlock> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var blocks = new List<MarkdownCodeBlock>();
        var section = "";
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                section = lines[i][3..].Trim();
                continue;
            }

            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            if (end < 0)
            {
                throw new InvalidDataException($"{path}:{i + 1}: a code block that is never closed.");
            }

            blocks.Add(new MarkdownCodeBlock(fence.Groups[1].Value, section, string.Join('\n', lines[(i + 1)..end]) + "\n", i + 1));
            i = end;
        }

        return blocks;
    }

    [GeneratedRegex(@"^```(\w+)\s*$")]
    private static partial Regex Fence();
}
