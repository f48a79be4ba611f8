using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>
/// <see cref="ThresholdAnalyzer"/> under the standard Roslyn analyzer test framework: the source's markup
/// (<c>{|UNIT002:Threshold = 5f|}</c>) names exactly the diagnostics expected, the framework checks ids and spans (and
/// that nothing is reported once the source is marked generated), and the diagnostics it saw are kept so tests can
/// assert on their messages, which markup cannot express.
/// </summary>
public sealed class UnitAnalyzerTest : CSharpAnalyzerTest<ThresholdAnalyzer, DefaultVerifier>
{
    public UnitAnalyzerTest(string markup, IEnumerable<AdditionalText> additionalFiles) =>
        UnitTestSetup.Apply(this, markup, additionalFiles);

    /// <summary>The analyzer's diagnostics on the source as written, in source order (set by <see cref="AnalyzerTest{TVerifier}.RunAsync"/>).</summary>
    public ImmutableArray<Diagnostic> Reported { get; private set; }

    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
    {
        var kept = base.FilterDiagnostics(diagnostics);

        // The first call is the run on the source as written; later ones are the framework's extra checks.
        if (Reported.IsDefault)
        {
            Reported = [.. kept.Select(d => d.diagnostic).Where(d => d.Id.StartsWith("UNIT", StringComparison.Ordinal))
                .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)];
        }

        return kept;
    }
}

/// <summary>
/// <see cref="Analyzers.CodeFixes.ThresholdCodeFixProvider"/> under the standard Roslyn code-fix test framework: the fix
/// of one rule, before and after, applied one diagnostic at a time and through Fix All (document, project, solution),
/// which must all give the same source.
/// </summary>
public sealed class UnitCodeFixTest : CSharpCodeFixTest<ThresholdAnalyzer, Analyzers.CodeFixes.ThresholdCodeFixProvider, DefaultVerifier>
{
    /// <summary>
    /// Tests the fix of <paramref name="id"/>: <paramref name="markup"/> marks every <paramref name="id"/> diagnostic,
    /// <paramref name="fixedSource"/> is the source after all are fixed. The analyzer's other rules are switched off, so
    /// the test is about this rule's fix alone.
    /// </summary>
    public UnitCodeFixTest(string id, string markup, string fixedSource, IEnumerable<AdditionalText> additionalFiles, string? expectedTitle = null)
    {
        UnitTestSetup.Apply(this, markup, additionalFiles);
        FixedState.Sources.Add((AnalyzerHarness.SourcePath, fixedSource));
        DisabledDiagnostics.AddRange(new ThresholdAnalyzer().SupportedDiagnostics.Select(d => d.Id).Where(other => other != id));
        if (expectedTitle is not null)
        {
            CodeActionVerifier = (action, verifier) => verifier.Equal(expectedTitle, action.Title, "code action title");
        }
    }

    /// <summary>Runs the test of the fix of <paramref name="id"/> (see the constructor).</summary>
    public static Task VerifyAsync(string id, string markup, string fixedSource, IEnumerable<AdditionalText> additionalFiles, string? expectedTitle = null) =>
        new UnitCodeFixTest(id, markup, fixedSource, additionalFiles, expectedTitle).RunAsync();

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => [new OneFixPerDiagnostic(new Analyzers.CodeFixes.ThresholdCodeFixProvider())];

    /// <summary>
    /// The provider under test, checked for what the framework does not check: it offers exactly one fix for each
    /// diagnostic (the framework would apply the first of several without saying so).
    /// </summary>
    private sealed class OneFixPerDiagnostic(CodeFixProvider inner) : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => inner.FixableDiagnosticIds;

        public override FixAllProvider? GetFixAllProvider() => inner.GetFixAllProvider();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var offered = 0;
            await inner.RegisterCodeFixesAsync(new CodeFixContext(context.Document, context.Span, context.Diagnostics, (action, diagnostics) =>
            {
                offered++;
                context.RegisterCodeFix(action, diagnostics);
            }, context.CancellationToken));
            Assert.True(offered == 1, $"expected one fix for {context.Diagnostics[0].Id}, the provider offered {offered}");
        }
    }
}

/// <summary>What every test of the analyzer shares: the project as the tests' compilations build it, and the AdditionalFiles.</summary>
internal static class UnitTestSetup
{
    /// <summary>
    /// No reference-assembly package: the framework would download one from NuGet at test time. The project references
    /// the running runtime's assemblies and UnIT's instead (<see cref="AnalyzerHarness.References"/>), as the analyzer's
    /// other tests compile, which needs no network.
    /// </summary>
    private static readonly ReferenceAssemblies RuntimeOnly = new("net10.0");

    public static void Apply(AnalyzerTest<DefaultVerifier> test, string markup, IEnumerable<AdditionalText> additionalFiles)
    {
        test.ReferenceAssemblies = RuntimeOnly;
        test.TestState.Sources.Add((AnalyzerHarness.SourcePath, markup));
        test.TestState.AdditionalReferences.AddRange(AnalyzerHarness.References);
        foreach (var file in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.GetText()!));
        }

        test.SolutionTransforms.Add((solution, projectId) => solution
            .WithProjectCompilationOptions(projectId, AnalyzerHarness.CompilationOptions)
            .WithProjectParseOptions(projectId, AnalyzerHarness.ParseOptions));
    }
}
