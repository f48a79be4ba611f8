using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace UnIT.Analyzers.CodeFixes;

/// <summary>Small edits of an attribute's named arguments that keep the rest of the user's formatting.</summary>
internal static class AttributeEditor
{
    /// <summary>Sets <c>name = value</c>: replaces the expression of an existing argument, or appends one.</summary>
    public static AttributeSyntax Set(AttributeSyntax attribute, string name, ExpressionSyntax value)
    {
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        var existing = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        if (existing is not null)
        {
            return attribute.ReplaceNode(existing.Expression, value.WithTriviaFrom(existing.Expression));
        }

        var argument = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(
                SyntaxFactory.IdentifierName(name),
                SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)),
            nameColon: null,
            value.WithoutTrivia());
        if (attribute.ArgumentList is null || arguments.Count == 0)
        {
            return attribute.WithArgumentList(SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(argument)));
        }

        var nodes = arguments.ToList();
        var separators = arguments.GetSeparators().ToList();
        separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        nodes.Add(argument);
        return attribute.WithArgumentList(attribute.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(nodes, separators)));
    }

    /// <summary>Removes the named arguments <paramref name="names"/> that are written; drops an argument list left empty.</summary>
    public static AttributeSyntax Remove(AttributeSyntax attribute, IEnumerable<string> names)
    {
        if (attribute.ArgumentList is not { } list)
        {
            return attribute;
        }

        var arguments = list.Arguments;
        foreach (var name in names)
        {
            var argument = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
            if (argument is not null)
            {
                arguments = arguments.Remove(argument);
            }
        }

        return arguments.Count == 0 ? attribute.WithArgumentList(null) : attribute.WithArgumentList(list.WithArguments(arguments));
    }
}
