using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using UnIT.Analyzers.CodeFixes;
using Xunit;

namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies <see cref="ThresholdCodeFixProvider"/> the way an IDE does: the source lives in an <see cref="AdhocWorkspace"/>,
/// diagnostics come from the analyzer on that project's compilation, the chosen code action's operations are applied,
/// and the resulting document text is returned.
/// </summary>
public static class CodeFixHarness
{
    /// <summary>Applies the fix of the <paramref name="index"/>-th <paramref name="id"/> diagnostic and returns the new source.</summary>
    public static async Task<string> FixAsync(string source, string id, IEnumerable<AdditionalText> additionalFiles, int index = 0, string? expectedTitle = null)
    {
        using var workspace = new AdhocWorkspace();
        var (document, diagnostics) = await PrepareAsync(workspace, source, additionalFiles);
        var matching = diagnostics.Where(d => d.Id == id).ToArray();
        Assert.True(matching.Length > index, $"Expected at least {index + 1} {id} diagnostic(s), found {matching.Length}");
        var diagnostic = matching[index];

        var provider = new ThresholdCodeFixProvider();
        Assert.Contains(id, provider.FixableDiagnosticIds);
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var only = Assert.Single(actions);
        if (expectedTitle is not null)
        {
            Assert.Equal(expectedTitle, only.Title);
        }

        return await ApplyAsync(only, document.Id);
    }

    /// <summary>Fixes every <paramref name="id"/> diagnostic of the document through the provider's FixAll provider.</summary>
    public static async Task<string> FixAllAsync(string source, string id, IEnumerable<AdditionalText> additionalFiles)
    {
        using var workspace = new AdhocWorkspace();
        var (document, diagnostics) = await PrepareAsync(workspace, source, additionalFiles);
        var provider = new ThresholdCodeFixProvider();
        var fixAll = provider.GetFixAllProvider();
        Assert.NotNull(fixAll);
        var context = new FixAllContext(document, provider, FixAllScope.Document, id, [id], new DiagnosticProvider(diagnostics), CancellationToken.None);
        var action = await fixAll.GetFixAsync(context);
        Assert.NotNull(action);
        return await ApplyAsync(action, document.Id);
    }

    /// <summary>Whether the provider offers any fix for the <paramref name="index"/>-th <paramref name="id"/> diagnostic.</summary>
    public static async Task<int> CountFixesAsync(string source, string id, IEnumerable<AdditionalText> additionalFiles, int index = 0)
    {
        using var workspace = new AdhocWorkspace();
        var (document, diagnostics) = await PrepareAsync(workspace, source, additionalFiles);
        var diagnostic = diagnostics.Where(d => d.Id == id).ElementAt(index);
        var count = 0;
        await new ThresholdCodeFixProvider().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (_, _) => count++, CancellationToken.None));
        return count;
    }

    private static async Task<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> PrepareAsync(
        AdhocWorkspace workspace, string source, IEnumerable<AdditionalText> additionalFiles)
    {
        var files = additionalFiles.ToArray();
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Networks", "Networks", LanguageNames.CSharp,
                compilationOptions: AnalyzerHarness.CompilationOptions, parseOptions: AnalyzerHarness.ParseOptions, metadataReferences: AnalyzerHarness.References))
            .AddDocument(documentId, "Network.cs", SourceText.From(source), filePath: AnalyzerHarness.SourcePath);
        foreach (var file in files)
        {
            solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(file.Path), file.GetText()!, filePath: file.Path);
        }

        Assert.True(workspace.TryApplyChanges(solution));
        var document = workspace.CurrentSolution.GetDocument(documentId)!;
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation, files);
        return (document, diagnostics);
    }

    private static async Task<string> ApplyAsync(CodeAction action, DocumentId documentId)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await changed.GetDocument(documentId)!.GetTextAsync()).ToString();
    }

    private sealed class DiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
