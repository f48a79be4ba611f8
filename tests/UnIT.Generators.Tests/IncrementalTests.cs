using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// Incrementality: an unchanged compilation re-uses every step; an unrelated edit does not re-emit; a threshold or
/// weight change does. Models hold no symbols, syntax, locations or compilations (walked, not assumed).
/// </summary>
public class IncrementalTests
{
    private static readonly string Source = TinyNetworks.ConvDenseSource("Incremental", ", Threshold = 0.05f", string.Empty, string.Empty);

    private static readonly string[] Steps =
        [StepNames.Networks, StepNames.WeightFiles, StepNames.Options, StepNames.Inputs, StepNames.Plans, StepNames.Models, StepNames.Diagnostics];

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, AdditionalText Weights) FirstRun()
    {
        var compilation = GeneratorHarness.Compilation(Source);
        var weights = GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights());
        var driver = GeneratorHarness.Driver([weights]).RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().GeneratedTrees);
        return (driver, compilation, weights);
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void Rerunning_on_a_cloned_compilation_caches_every_step()
    {
        var (driver, compilation, _) = FirstRun();
        driver = driver.RunGenerators(compilation.Clone());
        foreach (var step in Steps)
        {
            Assert.All(Reasons(driver, step), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} was {reason} on an unchanged compilation"));
        }
    }

    [Fact]
    public void An_unrelated_edit_does_not_re_emit()
    {
        var (driver, compilation, _) = FirstRun();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Tiny; public static class Unrelated { public static int Answer => 42; }", GeneratorHarness.ParseOptions));
        driver = driver.RunGenerators(edited);
        Assert.All(Reasons(driver, StepNames.Models), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"model was {reason}"));
    }

    [Fact]
    public void Moving_the_class_in_its_file_replans_from_the_cache_and_does_not_re_emit()
    {
        var (driver, compilation, _) = FirstRun();
        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(0, 0, "// a comment that shifts every location\n")));
        driver = driver.RunGenerators(moved);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, StepNames.Networks)); // locations moved
        Assert.All(Reasons(driver, StepNames.Models), reason => Assert.True(reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, $"model was {reason}"));
    }

    [Fact]
    public void A_threshold_change_re_emits()
    {
        var (driver, compilation, _) = FirstRun();
        var tree = compilation.SyntaxTrees.Single();
        var changed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Source.Replace("Threshold = 0.05f", "Threshold = 0.07f"))));
        driver = driver.RunGenerators(changed);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, StepNames.Models));
    }

    [Fact]
    public void A_weight_change_re_emits()
    {
        var (driver, compilation, oldText) = FirstRun();
        var weights = TinyNetworks.ConvDenseWeights();
        var newWeights = TinyNetworks.Npz(
            ("conv1.weight", TinyNetworks.Weights(18, 99), [2, 1, 3, 3]), ("conv1.bias", [0.1f, -0.2f], [2]),
            ("fc1.weight", TinyNetworks.Weights(96, 2), [3, 32]), ("fc1.bias", [0.05f, 0f, -0.05f], [3]));
        Assert.NotEqual(weights, newWeights);
        var replaced = driver.RemoveAdditionalTexts([oldText]).AddAdditionalTexts([GeneratorHarness.WeightText("tiny.npz", newWeights)]);
        driver = replaced.RunGenerators(compilation);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, StepNames.Models));
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var (driver, _, _) = FirstRun();
        var result = driver.GetRunResult().Results.Single();
        var visited = 0;
        foreach (var step in Steps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Walk(output.Value, new HashSet<object>(ReferenceEqualityComparer.Instance), $"{step}", ref visited);
            }
        }

        Assert.True(visited > 100, $"the walk only visited {visited} objects: it is not looking at the models");
    }

    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(AttributeData)];

    private static void Walk(object? value, HashSet<object> seen, string path, ref int visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is decimal)
        {
            return;
        }

        var type = value.GetType();
        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.FullName}: models must stay free of compiler objects");
        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        visited++;
        if (value is IEnumerable sequence && type != typeof(string))
        {
            var i = 0;
            foreach (var item in sequence)
            {
                Walk(item, seen, $"{path}[{i++}]", ref visited);
            }

            if (type.IsArray || type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true)
            {
                return;
            }
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Walk(property.GetValue(value), seen, $"{path}.{property.Name}", ref visited);
        }
    }
}
