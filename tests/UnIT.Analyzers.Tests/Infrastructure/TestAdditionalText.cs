using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>An AdditionalFile held in memory.</summary>
public sealed class TestAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public string Text => text;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
