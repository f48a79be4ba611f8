using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace UnIT.Generators.Models;

/// <summary>
/// A source location as plain values, so pipeline models stay equatable and hold no <see cref="Location"/>
/// (which would pin a syntax tree and defeat caching).
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public static LocationInfo? From(SyntaxNode? node) => From(node?.GetLocation());
}
