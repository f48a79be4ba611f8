using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using UnIT.Analyzers.Diagnostics;
using UnIT.Analyzers.Infrastructure;

namespace UnIT.Analyzers.CodeFixes;

/// <summary>
/// Applies the mechanical fixes the analyzers attach to their diagnostics: clamp or raise a threshold (UNIT002,
/// UNIT003), remove a useless activation threshold or threshold (UNIT005, UNIT009), switch the division approximation
/// (UNIT006), let the planner choose (UNIT007), apply calibrated values (UNIT008). The analyzer computes the values
/// (it has the weights and the calibration file); this provider only edits the attribute the diagnostic is on.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThresholdCodeFixProvider))]
[Shared]
public sealed class ThresholdCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ThresholdSkipsEveryMacId,
        DiagnosticDescriptors.ThresholdBelowResolutionId,
        DiagnosticDescriptors.UnusedActivationThresholdId,
        DiagnosticDescriptors.DivisionUnsuitedToProfileId,
        DiagnosticDescriptors.ForcedImplementationSlowerId,
        DiagnosticDescriptors.ThresholdDiffersFromCalibrationId,
        DiagnosticDescriptors.ThresholdIgnoredByKernelId);

    /// <summary>
    /// Every fix edits only its own attribute argument (or element), so the batch fixer can merge all of a document's,
    /// project's or solution's fixes of one rule; the equivalence key is the rule id.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(FixProperties.Title, out var title) && title is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title, cancellationToken => ApplyAsync(context.Document, diagnostic, cancellationToken), equivalenceKey: diagnostic.Id),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (root is null || node?.FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute)
        {
            return document;
        }

        var properties = diagnostic.Properties;
        var edited = attribute;
        if (properties.TryGetValue(FixProperties.Replace, out var replacement) && replacement is not null && node is ExpressionSyntax target)
        {
            edited = edited.ReplaceNode(target, Expression(replacement).WithTriviaFrom(target));
        }

        if (properties.TryGetValue(FixProperties.Remove, out var removals) && removals is not null)
        {
            edited = AttributeEditor.Remove(edited, removals.Split(','));
        }

        foreach (var pair in properties.Where(p => p.Key.StartsWith(FixProperties.SetPrefix, StringComparison.Ordinal) && p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            edited = AttributeEditor.Set(edited, pair.Key.Substring(FixProperties.SetPrefix.Length), Expression(pair.Value!));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(attribute, edited));
    }

    /// <summary>An expression from the analyzer's text; qualified names are simplified against the file's usings.</summary>
    private static ExpressionSyntax Expression(string text) =>
        SyntaxFactory.ParseExpression(text).WithAdditionalAnnotations(Simplifier.Annotation);
}
