using System.Text;

namespace UnIT.Generators.Emitting;

/// <summary>
/// An indent-aware text writer for generated code: fast for large outputs (no syntax trees, no normalisation),
/// and every line gets the current indentation.
/// </summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _builder;
    private int _indent;

    public SourceWriter(int capacity = 16 * 1024) => _builder = new StringBuilder(capacity);

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * IndentSize).Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    public SourceWriter Comment(string text) => Line(text.Length == 0 ? "//" : "// " + OneLine(text));

    /// <summary>Line terminators (C# counts U+0085, U+2028 and U+2029 too) would end a comment and leave the rest as code.</summary>
    private static string OneLine(string text) =>
        text.IndexOfAny(LineBreaks) < 0 ? text : string.Join(" ", text.Split(LineBreaks));

    private static readonly char[] LineBreaks = ['\r', '\n', '\u0085', '\u2028', '\u2029'];

    /// <summary>Writes <paramref name="header"/> and an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Scope(this);
    }

    private void Close()
    {
        _indent--;
        Line("}");
    }

    public override string ToString() => _builder.ToString();

    public readonly struct Scope : IDisposable
    {
        private readonly SourceWriter _writer;

        public Scope(SourceWriter writer) => _writer = writer;

        public void Dispose() => _writer.Close();
    }
}
