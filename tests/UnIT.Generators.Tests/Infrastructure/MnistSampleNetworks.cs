using Microsoft.CodeAnalysis;
using UnIT.Generators.Models;

namespace UnIT.Generators.Tests.Infrastructure;

/// <summary>
/// The MNIST sample's declared networks (sample-apps/Mnist/Networks.cs with its weight and calibration files), run
/// through the generator in memory: the planned models (what every backend spells) and the compiled C# kernels.
/// </summary>
internal sealed class MnistSampleNetworks
{
    private MnistSampleNetworks(IReadOnlyDictionary<string, NetworkModel> models, Compilation output)
    {
        Models = models;
        Output = output;
    }

    /// <summary>The planned model of each generated class, by class name.</summary>
    public IReadOnlyDictionary<string, NetworkModel> Models { get; }

    /// <summary>The compilation with the generated C# added.</summary>
    public Compilation Output { get; }

    /// <summary>Generates the named classes of the sample (all when none are named).</summary>
    public static MnistSampleNetworks Generate(IReadOnlyCollection<string> classes)
    {
        var directory = RepositoryFiles.PathOf("sample-apps/Mnist");
        var declarations = Declarations(File.ReadAllText(Path.Combine(directory, "Networks.cs")))
            .Where(d => classes.Contains(d.ClassName))
            .ToArray();
        var source = "using UnIT;\nnamespace Mnist;\n" + string.Join("\n", declarations.Select(d => d.Text));
        var texts = new List<AdditionalText>();
        foreach (var weights in Directory.GetFiles(Path.Combine(directory, "models"), "*.npz"))
        {
            texts.Add(GeneratorHarness.WeightText(Path.GetFileName(weights), File.ReadAllBytes(weights)));
        }

        foreach (var calibration in Directory.GetFiles(Path.Combine(directory, "models"), "*.calibration.txt"))
        {
            texts.Add(new TestAdditionalText(calibration, File.ReadAllText(calibration)));
        }

        var driver = GeneratorHarness.Driver(texts).RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(source, "MnistSample"), out var output, out _);
        var result = driver.GetRunResult();
        if (!result.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException("The sample's networks do not generate:\n" + string.Join("\n", result.Diagnostics));
        }

        var models = result.Results.Single().TrackedSteps[StepNames.Models]
            .SelectMany(step => step.Outputs)
            .Select(o => (NetworkModel)o.Value)
            .ToDictionary(m => m.Class.Name);
        return new MnistSampleNetworks(models, output);
    }

    /// <summary>The sample's Q15 classes (those the C backend exports), in declaration order.</summary>
    public static IReadOnlyList<string> Q15ClassNames() =>
        Declarations(File.ReadAllText(Path.Combine(RepositoryFiles.PathOf("sample-apps/Mnist"), "Networks.cs")))
            .Where(d => d.Text.Contains("Format = NumberFormat.Q15", StringComparison.Ordinal))
            .Select(d => d.ClassName)
            .ToArray();

    /// <summary>The declaration blocks of the file: attribute lines followed by their class line.</summary>
    private static IEnumerable<(string ClassName, string Text)> Declarations(string file)
    {
        var block = new List<string>();
        foreach (var line in file.Split('\n'))
        {
            if (line.StartsWith('['))
            {
                block.Add(line);
            }
            else if (line.StartsWith("public static partial class ", StringComparison.Ordinal) && block.Count > 0)
            {
                block.Add(line);
                yield return (line["public static partial class ".Length..].TrimEnd(';', '\r', ' '), string.Join("\n", block));
                block.Clear();
            }
        }
    }
}
