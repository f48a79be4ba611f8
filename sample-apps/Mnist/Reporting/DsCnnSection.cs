using System.Text;
using Mnist.Evaluation;
using Spectre.Console;
using UnIT;
using UnIT.NumPy;

namespace Mnist.Reporting;

/// <summary>
/// The DS-CNN (depthwise-separable convolutions) beside the paper's network (LeNet-style, the dense model): each alone
/// and with UnIT on both profiles, and the DS-CNN's per-layer costs.
/// </summary>
internal sealed class DsCnnSection
{
    private const string LeNet = "dense";
    private const string DsCnn = "dscnn";

    /// <summary>The accuracy a small DS-CNN should reach on MNIST's test digits (issue 17).</summary>
    private const double TargetAccuracyPercent = 97.0;

    private static readonly string[] Headers =
        ["profile", "model", "UnIT", "weights", "dense MACs", "MACs", "cycles", "cycles / LeNet alone", "accuracy", "vs LeNet alone (points)", "flash B", "peak RAM B"];

    private readonly IReadOnlyList<CompiledNetwork> _networks;
    private readonly IReadOnlyDictionary<string, TestRun> _runs;

    public DsCnnSection(IReadOnlyList<CompiledNetwork> networks, IReadOnlyDictionary<string, TestRun> runs)
    {
        _networks = networks;
        _runs = runs;
    }

    private static string ModelName(string model) => model == DsCnn ? "DS-CNN" : "LeNet (paper's)";

    private IEnumerable<string[]> Rows() =>
        from format in new[] { NumberFormat.Q15, NumberFormat.Float32 }
        let lenet = _runs[ModelVariants.Of(_networks, _runs, LeNet, format).Alone.Name]
        from model in new[] { LeNet, DsCnn }
        let variants = ModelVariants.Of(_networks, _runs, model, format)
        from network in new[] { variants.Alone, variants.WithUnit }
        where network is not null
        let run = _runs[network.Name]
        select new[]
        {
            Report.ProfileName(network),
            ModelName(model),
            network.UsesUnit ? Text.F($"UnIT ({network.Division}, {network.Implementation})") : "alone",
            Text.Count(WeightCount(network)),
            Text.Count(network.Layout.DenseMacs),
            Text.Count(run.Macs),
            Text.Count(run.Cycles),
            Text.F($"{run.Cycles / lenet.Cycles:0.00}×"),
            Text.F($"{run.AccuracyPercent:0.00} %"),
            Text.Points(run.AccuracyPercent - lenet.AccuracyPercent),
            Text.Count(network.FlashBytes),
            Text.Count(network.PeakRamBytes),
        };

    /// <summary>Conv and dense weights of the class's embedded file (biases not counted, as models/README.md counts them).</summary>
    private static long WeightCount(CompiledNetwork network)
    {
        using var stream = network.OpenWeights();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return WeightFile.Parse(memory.ToArray(), network.Name).Tensors
            .Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal))
            .Sum(t => (long)t.ElementCount);
    }

    private string[] TargetRow()
    {
        var accuracy = _runs[ModelVariants.Of(_networks, _runs, DsCnn, NumberFormat.Q15).Alone.Name].AccuracyPercent;
        return [Text.F($"DS-CNN alone ≥ {TargetAccuracyPercent:0} % on the test digits (Q15)"), Text.F($"{accuracy:0.00} %"), accuracy >= TargetAccuracyPercent ? "met" : "not met"];
    }

    /// <summary>The classes whose per-layer costs the section shows: the DS-CNN alone and with UnIT on each profile.</summary>
    private IEnumerable<CompiledNetwork> LayerTableNetworks() =>
        from format in new[] { NumberFormat.Q15, NumberFormat.Float32 }
        let variants = ModelVariants.Of(_networks, _runs, DsCnn, format)
        from network in new[] { variants.Alone, variants.WithUnit }
        where network is not null
        select network;

    public void Print(IAnsiConsole console)
    {
        console.Write(Report.Table("DS-CNN beside LeNet, each alone and with UnIT", Headers, Rows()));
        console.Write(Report.Table("Target: the DS-CNN", ["target", "measured", ""], [TargetRow()]));
    }

    public string Markdown()
    {
        var md = new StringBuilder("\n## DS-CNN beside LeNet\n\n");
        md.Append("A depthwise-separable CNN trained by `unit train` on the same digits (models/README.md): conv 1→16 k3, max-pool 2, "
            + "[depthwise 3×3 (a `Conv2d` with `Groups` = channels, padding 1) + pointwise 1×1] to 32 channels, max-pool 2, the same "
            + "block again, average-pool 2, dense 288→10; no ReLU between a depthwise and its pointwise conv. Beside it the paper's "
            + "network as the dense model. Each alone and with UnIT (its own calibration, the profile's division, the cheapest of "
            + "the Gather/Sorted/Bucketed classes), on the 2,000 test digits through the generated kernels. \"dense MACs\" is the "
            + "network's size; \"MACs\" what it performed (the models alone already skip zero activations, and conv1 the background pixels).\n\n");
        md.Append(Report.MarkdownTable(Headers, Rows())).Append('\n');
        md.Append(Report.MarkdownTable(["target", "measured", ""], [TargetRow()])).Append('\n');
        md.Append("Per layer, per inference:\n\n");
        foreach (var network in LayerTableNetworks())
        {
            md.Append(Text.F($"{network.Name}: accuracy {_runs[network.Name].AccuracyPercent:0.00} %.\n\n")).Append(_runs[network.Name].Report.ToMarkdown(3)).Append('\n');
        }

        return md.ToString();
    }
}
