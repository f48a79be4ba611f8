using System.Globalization;
using System.Text;
using UnIT.Text;

namespace UnIT.NumPy;

/// <summary>
/// A parser for the tiny subset of Python literal syntax a <c>.npy</c> header uses: a dict of strings, bools,
/// integers and (nested) tuples/lists. NumPy reads the header with <c>ast.literal_eval</c>, so this accepts what
/// it accepts (any key order, any spacing, trailing commas, <c>(5,)</c>, <c>()</c>, Python 2's <c>3L</c>) and
/// nothing that would need evaluation.
/// </summary>
internal static class PythonLiteral
{
    /// <summary>Parses <paramref name="text"/>, which must be one literal followed only by whitespace.</summary>
    /// <exception cref="PythonLiteralException">The text is not a literal of the supported kinds.</exception>
    public static object Parse(string text)
    {
        var position = 0;
        var value = ParseValue(text, ref position, depth: 0);
        SkipWhitespace(text, ref position);
        if (position < text.Length)
        {
            throw new PythonLiteralException($"unexpected text after the end of the literal", position);
        }

        return value;
    }

    private static object ParseValue(string text, ref int position, int depth)
    {
        // Headers are flat; the bound stops a hostile "((((((..." from overflowing the stack.
        if (depth > 32)
        {
            throw new PythonLiteralException("nesting is too deep", position);
        }

        SkipWhitespace(text, ref position);
        if (position >= text.Length)
        {
            throw new PythonLiteralException("the text ends where a value was expected", position);
        }

        var c = text[position];
        switch (c)
        {
            case '{':
                return ParseDict(text, ref position, depth);
            case '(':
                return ParseParenthesized(text, ref position, depth);
            case '[':
                return new PySequence(isTuple: false, ParseItems(text, ref position, ']', depth));
            case '\'':
            case '"':
                return ParseString(text, ref position);
            default:
                if (char.IsDigit(c) || c is '-' or '+' or '.')
                {
                    return ParseNumber(text, ref position);
                }

                if (char.IsLetter(c) || c == '_')
                {
                    return ParseName(text, ref position);
                }

                throw new PythonLiteralException($"unexpected character '{Excerpt.Of(c.ToString())}'", position);
        }
    }

    private static PyDict ParseDict(string text, ref int position, int depth)
    {
        var start = position;
        position++; // '{'
        var entries = new List<KeyValuePair<string, object>>();
        var keys = new HashSet<string>(StringComparer.Ordinal); // a set, so a header with many keys is still read in linear time
        while (true)
        {
            SkipWhitespace(text, ref position);
            if (position >= text.Length)
            {
                throw new PythonLiteralException("the dict is not closed with '}'", start);
            }

            if (text[position] == '}')
            {
                position++;
                return new PyDict(entries);
            }

            var keyPosition = position;
            if (ParseValue(text, ref position, depth + 1) is not string key)
            {
                throw new PythonLiteralException("a dict key is not a string", keyPosition);
            }

            if (!keys.Add(key))
            {
                throw new PythonLiteralException($"the key '{Excerpt.Of(key)}' appears twice", keyPosition);
            }

            SkipWhitespace(text, ref position);
            if (position >= text.Length || text[position] != ':')
            {
                throw new PythonLiteralException($"expected ':' after the key '{Excerpt.Of(key)}'", position);
            }

            position++;
            entries.Add(new KeyValuePair<string, object>(key, ParseValue(text, ref position, depth + 1)));
            SkipWhitespace(text, ref position);
            if (position < text.Length && text[position] == ',')
            {
                position++;
            }
            else if (position >= text.Length || text[position] != '}')
            {
                throw new PythonLiteralException("expected ',' or '}' after a dict entry", position);
            }
        }
    }

    /// <summary>Python: <c>()</c> and <c>(x,)</c> are tuples, <c>(x)</c> is just <c>x</c>.</summary>
    private static object ParseParenthesized(string text, ref int position, int depth)
    {
        var items = ParseItems(text, ref position, ')', depth, out var sawComma);
        return items.Count == 1 && !sawComma ? items[0] : new PySequence(isTuple: true, items);
    }

    private static List<object> ParseItems(string text, ref int position, char close, int depth) =>
        ParseItems(text, ref position, close, depth, out _);

    private static List<object> ParseItems(string text, ref int position, char close, int depth, out bool sawComma)
    {
        var start = position;
        position++; // '(' or '['
        var items = new List<object>();
        sawComma = false;
        while (true)
        {
            SkipWhitespace(text, ref position);
            if (position >= text.Length)
            {
                throw new PythonLiteralException($"'{text[start]}' is not closed with '{close}'", start);
            }

            if (text[position] == close)
            {
                position++;
                return items;
            }

            items.Add(ParseValue(text, ref position, depth + 1));
            SkipWhitespace(text, ref position);
            if (position < text.Length && text[position] == ',')
            {
                sawComma = true;
                position++;
            }
            else if (position >= text.Length || text[position] != close)
            {
                throw new PythonLiteralException($"expected ',' or '{close}'", position);
            }
        }
    }

    private static string ParseString(string text, ref int position)
    {
        var start = position;
        var quote = text[position++];
        var builder = new StringBuilder();
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c is '\n' or '\r')
            {
                break;
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (position >= text.Length)
            {
                break;
            }

            var e = text[position++];
            switch (e)
            {
                case '\\': builder.Append('\\'); break;
                case '\'': builder.Append('\''); break;
                case '"': builder.Append('"'); break;
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '0': builder.Append('\0'); break;
                case 'x': builder.Append(ParseHexEscape(text, ref position, 2)); break;
                case 'u': builder.Append(ParseHexEscape(text, ref position, 4)); break;
                default:
                    // Python keeps unknown escapes verbatim.
                    builder.Append('\\').Append(e);
                    break;
            }
        }

        throw new PythonLiteralException("a string is not closed", start);
    }

    private static char ParseHexEscape(string text, ref int position, int digits)
    {
        if (position + digits > text.Length
            || !int.TryParse(text.Substring(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            throw new PythonLiteralException("a string has an invalid hex escape", position);
        }

        position += digits;
        return (char)code;
    }

    private static PyNumber ParseNumber(string text, ref int position)
    {
        var start = position;
        if (text[position] is '-' or '+')
        {
            position++;
        }

        while (position < text.Length)
        {
            var c = text[position];
            var isExponentSign = c is '+' or '-' && position > start && text[position - 1] is 'e' or 'E';
            if (!(char.IsLetterOrDigit(c) || c is '.' or '_' || isExponentSign))
            {
                break;
            }

            position++;
        }

        var token = text.Substring(start, position - start);
        var digits = token.Replace("_", string.Empty);

        // Python 2 wrote long integers as "3L"; NumPy still reads such files.
        if (digits.EndsWith("L", StringComparison.Ordinal) || digits.EndsWith("l", StringComparison.Ordinal))
        {
            digits = digits.Substring(0, digits.Length - 1);
        }

        var unsigned = digits.Length > 0 && digits[0] is '-' or '+' ? digits.Substring(1) : digits;
        if (unsigned.Length > 0 && unsigned.All(ch => ch is >= '0' and <= '9'))
        {
            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                ? new PyNumber(token, isInteger: true, integer)
                : new PyNumber(token, isInteger: true, null);
        }

        if (double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return new PyNumber(token, isInteger: false, null);
        }

        throw new PythonLiteralException($"'{Excerpt.Of(token)}' is not a number", start);
    }

    private static object ParseName(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        var name = text.Substring(start, position - start);
        switch (name)
        {
            case "True":
                return true;
            case "False":
                return false;
            case "None":
                return PyNone.Instance;
            case "u" or "U" when position < text.Length && text[position] is '\'' or '"':
                // u'...' strings from Python 2 era writers.
                return ParseString(text, ref position);
            default:
                throw new PythonLiteralException($"'{Excerpt.Of(name)}' is not a literal (only True, False, None, numbers, strings, tuples, lists and dicts are)", start);
        }
    }

    private static void SkipWhitespace(string text, ref int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
        {
            position++;
        }
    }
}

/// <summary>A Python literal that could not be parsed, with the character position of the problem.</summary>
internal sealed class PythonLiteralException(string problem, int position) : Exception(problem)
{
    /// <summary>What is wrong.</summary>
    public string Problem { get; } = problem;

    /// <summary>0-based character index in the parsed text.</summary>
    public int Position { get; } = position;
}

/// <summary>A Python dict literal, entries in written order.</summary>
internal sealed class PyDict(List<KeyValuePair<string, object>> entries)
{
    public IReadOnlyList<KeyValuePair<string, object>> Entries { get; } = entries;

    public bool TryGetValue(string key, out object? value)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}

/// <summary>A Python tuple or list literal.</summary>
internal sealed class PySequence(bool isTuple, List<object> items)
{
    public bool IsTuple { get; } = isTuple;

    public IReadOnlyList<object> Items { get; } = items;
}

/// <summary>A Python number literal: <see cref="Integer"/> is set for integers that fit in a long.</summary>
internal sealed class PyNumber(string text, bool isInteger, long? integer)
{
    public string Text { get; } = text;

    /// <summary>True for an integer literal, even one too large for <see cref="Integer"/>.</summary>
    public bool IsInteger { get; } = isInteger;

    public long? Integer { get; } = integer;
}

/// <summary>Python's <c>None</c>.</summary>
internal sealed class PyNone
{
    public static PyNone Instance { get; } = new();

    private PyNone()
    {
    }
}
