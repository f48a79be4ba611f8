using System.Text.RegularExpressions;
using UnIT.Analyzers.CodeFixes;
using UnIT.Analyzers.Tests.Infrastructure;
using Xunit;
using GeneratorDescriptors = UnIT.Generators.Diagnostics.DiagnosticDescriptors;

namespace UnIT.Analyzers.Tests;

/// <summary>What ships with the rules: ids, help pages, release tracking, and no banned API in the compiled assemblies.</summary>
public class PackageTests
{
    private static readonly string[] PageSections = ["## What", "## Why", "## How to fix", "## Example", "## Change the severity"];

    [Fact]
    public void Rules_are_UNIT001_to_UNIT010_and_every_diagnostic_names_its_page()
    {
        var descriptors = new ThresholdAnalyzer().SupportedDiagnostics;
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"UNIT{i:D3}"), descriptors.Select(d => d.Id));
        Assert.All(descriptors, d =>
        {
            Assert.Equal("UnIT.Thresholds", d.Category);
            Assert.True(d.IsEnabledByDefault);
            Assert.DoesNotContain(".", d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        });

        // No link to a repository that is not published (UnitRepositoryUrl is empty): the description names the page,
        // which ships in the package's docs/ folder.
        Assert.All(descriptors.Concat(GeneratorDescriptors.ById.Values), d =>
        {
            Assert.Equal(string.Empty, d.HelpLinkUri);
            Assert.EndsWith($"Help: docs/diagnostics/{d.Id}.md (in the repository, and in the UnIT.Generators package's docs folder).",
                d.Description.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_rule_has_a_help_page_with_the_required_sections()
    {
        var fixable = new ThresholdCodeFixProvider().FixableDiagnosticIds;
        var analyzerIds = new ThresholdAnalyzer().SupportedDiagnostics.Select(d => d.Id);
        foreach (var id in analyzerIds.Concat(GeneratorDescriptors.ById.Keys.Order(StringComparer.Ordinal)))
        {
            var path = RepositoryFiles.PathOf($"docs/diagnostics/{id}.md");
            Assert.True(File.Exists(path), $"{path} is missing");
            var text = File.ReadAllText(path);
            Assert.StartsWith($"# {id}: ", text, StringComparison.Ordinal);
            Assert.All(PageSections, section => Assert.Contains(section, text, StringComparison.Ordinal));
            if (analyzerIds.Contains(id))
            {
                // Analyzer pages say whether there is a code fix, and say so truthfully.
                Assert.Contains("| Code fix | ", text, StringComparison.Ordinal);
                Assert.Equal(fixable.Contains(id), !text.Contains("| Code fix | none", StringComparison.Ordinal));
            }
            else
            {
                Assert.DoesNotContain("Code fix", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Release_tracking_lists_every_rule_with_its_default_severity()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf("analyzers/UnIT.Analyzers/AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in new ThresholdAnalyzer().SupportedDiagnostics)
        {
            Assert.Matches(new Regex($@"^{descriptor.Id} \| UnIT\.Thresholds \| {descriptor.DefaultSeverity} \|", RegexOptions.Multiline), text);
        }
    }

    [Fact]
    public void Analyzer_assemblies_reference_no_file_io_clock_machine_or_randomness()
    {
        // The build's BannedApiAnalyzers check the analyzer sources; this checks what the compiled assemblies the
        // compiler loads can call, including the generator assembly the analyzers run.
        foreach (var type in new[] { typeof(ThresholdAnalyzer), typeof(ThresholdCodeFixProvider), typeof(Generators.UnitNetworkGenerator) })
        {
            Assert.Empty(BannedApiScanner.Scan(type.Assembly.Location));
        }

        // The scanner does see such references: this test assembly reads the help pages with System.IO.File.
        Assert.Contains("System.IO.File", BannedApiScanner.Scan(typeof(PackageTests).Assembly.Location));
    }
}
