using Microsoft.CodeAnalysis.Text;
using UnIT.Analyzers.Tests.Infrastructure;
using Xunit;

namespace UnIT.Analyzers.Tests;

/// <summary>The harness's markup: what the analyzer tests' expectations mean.</summary>
public class MarkupTests
{
    [Fact]
    public void Named_default_and_nested_spans_are_removed_from_the_source_and_recorded()
    {
        var markup = Markup.Parse("[X({|UNIT004:G = [|1|]|}, {|UNIT001:T = -1f|})]", defaultId: "UNIT002");
        Assert.Equal("[X(G = 1, T = -1f)]", markup.Source);
        Assert.Equal(
            [("UNIT004", TextSpan.FromBounds(3, 8)), ("UNIT002", TextSpan.FromBounds(7, 8)), ("UNIT001", TextSpan.FromBounds(10, 17))],
            markup.Expected);
    }

    [Fact]
    public void Unbalanced_or_unnamed_spans_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Markup.Parse("{|UNIT001:x"));
        Assert.Throws<ArgumentException>(() => Markup.Parse("[|x|]"));
    }
}
