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

    public SourceWriter Comment(string text) => Line(text.Length == 0 ? "//" : "// " + text);

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
