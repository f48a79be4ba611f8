using System.Text;
using Mnist.Evaluation;
using Mnist.Reporting.Charts;
using Spectre.Console;
using UnIT;
using UnIT.Costs;

namespace Mnist.Reporting;

/// <summary>Builds the report from the runs: console tables, Markdown, CSV and charts (PNG and SVG).</summary>
internal sealed class Report
{
    private static readonly DivisionApproximation[] Divisions = [DivisionApproximation.Exact, DivisionApproximation.Pow2, DivisionApproximation.ReciprocalLut, DivisionApproximation.FloatBits];
    private static readonly string[] Kernels = ["Gather", "Sorted", "Bucketed"];

    // The event groups both cost tables sum (the MAC and compare groups are EventCounts.MacEvents and CompareEvents).
    private static readonly CostEvent[] QuotientEvents =
    [
        CostEvent.QuotientExact, CostEvent.QuotientPow2, CostEvent.QuotientReciprocalLut, CostEvent.QuotientFloatBits,
        CostEvent.ShiftLeftStep, CostEvent.ShiftRightStep, CostEvent.WideShiftRightStep, // the quotients' and slots' variable shifts
    ];

    private static readonly CostEvent[] LookupEvents = [CostEvent.BucketLookup, CostEvent.BucketLookupFine];

    private static readonly CostEvent[] BorderEvents =
        [CostEvent.BorderSetup, CostEvent.BorderTest, CostEvent.BorderColumnTest, CostEvent.OneListBorderTest, CostEvent.TapLookup, CostEvent.TapLookupBand];

    private static readonly CostEvent[] SetupEvents =
    [
        CostEvent.OutputSetup, CostEvent.ScatterSetup, CostEvent.RequantizeNonNegative, CostEvent.RequantizeNegative, CostEvent.RequantizeShiftedNonNegative,
        CostEvent.RequantizeShiftedNegative, CostEvent.InputVisit, CostEvent.ActiveInput, CostEvent.ActivePixel, CostEvent.InputRow, CostEvent.InputRowWindow,
    ];

    private readonly IReadOnlyList<CompiledNetwork> _networks;
    private readonly IReadOnlyDictionary<string, TestRun> _runs;
    private readonly IReadOnlyList<Sweep> _sweeps;
    private readonly int _sweepDigits;
    private readonly int _digits;

    public Report(IReadOnlyList<CompiledNetwork> networks, IReadOnlyDictionary<string, TestRun> runs, IReadOnlyList<Sweep> sweeps, int sweepDigits, int digits)
    {
        _networks = networks;
        _runs = runs;
        _sweeps = sweeps;
        _sweepDigits = sweepDigits;
        _digits = digits;
    }

    private CompiledNetwork Network(string name) => _networks.Single(n => n.Name == name);

    private TestRun Run(string name) => _runs[name];

    /// <summary>The model alone (no UnIT) of a network's model and number format.</summary>
    private CompiledNetwork Baseline(CompiledNetwork network) =>
        _networks.Single(n => !n.UsesUnit && n.Model == network.Model && n.Format == network.Format);

    private IEnumerable<CompiledNetwork> UnitNetworks => _networks.Where(n => n.UsesUnit);

    /// <summary>Rows of the paper-style comparison: each UnIT network against its model alone.</summary>
    private IEnumerable<string[]> ComparisonRows(string model) =>
        from network in UnitNetworks
        where network.Model == model
        orderby network.Format descending, network.ThresholdSource, Array.IndexOf(Divisions, network.Division), Array.IndexOf(Kernels, network.Implementation)
        let run = Run(network.Name)
        let baseline = Run(Baseline(network).Name)
        select new[]
        {
            ProfileName(network),
            network.Division.ToString(),
            network.Implementation,
            network.ThresholdSource,
            Text.Percent(100 * (1 - (run.Macs / baseline.Macs))),
            Text.Percent(100 * (1 - (run.Cycles / baseline.Cycles))),
            Text.Percent(100 * (1 - (run.Microjoules / baseline.Microjoules))),
            Text.Points(run.AccuracyPercent - baseline.AccuracyPercent),
            Text.Count(run.Macs),
            Text.Count(run.Cycles),
            Text.F($"{run.AccuracyPercent:0.00} %"),
        };

    private static readonly string[] ComparisonHeaders =
        ["profile", "division", "kernel", "thresholds", "fewer MACs", "fewer cycles (faster)", "less energy", "accuracy change (points)", "MACs", "cycles", "accuracy"];

    /// <summary>Cycles of Sorted and Bucketed against Gather at the same thresholds.</summary>
    private IEnumerable<string[]> KernelRows() =>
        from gather in UnitNetworks
        where gather.Implementation == "Gather"
        orderby Array.IndexOf(CompiledNetwork.Models, gather.Model), gather.Format descending, gather.ThresholdSource, Array.IndexOf(Divisions, gather.Division)
        let stem = gather.Name[..^"Gather".Length]
        let g = Run(gather.Name).Cycles
        select new[]
        {
            gather.Model,
            ProfileName(gather),
            gather.ThresholdSource,
            gather.Division.ToString(),
            Text.Count(g),
            Text.Count(Run(stem + "Sorted").Cycles),
            Text.Percent(100 * (1 - (Run(stem + "Sorted").Cycles / g))),
            Text.Count(Run(stem + "Bucketed").Cycles),
            Text.Percent(100 * (1 - (Run(stem + "Bucketed").Cycles / g))),
        };

    private static readonly string[] KernelHeaders = ["model", "profile", "thresholds", "division", "Gather cycles", "Sorted cycles", "Sorted vs Gather", "Bucketed cycles", "Bucketed vs Gather"];

    /// <summary>What deciding costs: comparisons, quotients and bucket lookups as a share of all cycles.</summary>
    private IEnumerable<string[]> OverheadRows() =>
        from network in UnitNetworks
        orderby Array.IndexOf(CompiledNetwork.Models, network.Model), network.Format descending, network.ThresholdSource, Array.IndexOf(Divisions, network.Division), Array.IndexOf(Kernels, network.Implementation)
        let run = Run(network.Name)
        let profile = CostProfile.For(network.Profile)
        let total = run.Ledger.Total
        let n = (double)run.Ledger.Inferences
        let cycles = profile.Cycles(total)
        let compare = Text.Cycles(profile, total, EventCounts.CompareEvents)
        let divide = Text.Cycles(profile, total, QuotientEvents)
        let lookup = Text.Cycles(profile, total, LookupEvents)
        let border = Text.Cycles(profile, total, BorderEvents)
        let macs = Text.Cycles(profile, total, EventCounts.MacEvents)
        select new[]
        {
            network.Name,
            Text.Count(compare / n),
            Text.Count(divide / n),
            Text.Count(lookup / n),
            Text.Percent(100 * (compare + divide + lookup) / cycles),
            Text.Percent(100 * macs / cycles),
            Text.Percent(100 * border / cycles),
            Text.Count(cycles / n),
        };

    private static readonly string[] OverheadHeaders =
        ["network", "compare cycles", "division + shift cycles", "bucket-lookup cycles", "decision share", "MAC share", "border share", "cycles"];

    private IEnumerable<string[]> NetworkRows() =>
        from network in _networks
        let run = Run(network.Name)
        select new[]
        {
            network.Name,
            network.Model,
            network.Profile.ToString(),
            network.UsesUnit ? network.Division.ToString() : "-",
            network.LayerKernels,
            Text.F($"{run.AccuracyPercent:0.00} %"),
            Text.Count(run.Macs),
            Text.Percent(100 * (1 - (run.Macs / run.Report.Total.DenseMacs))),
            Text.Count(run.Cycles),
            Text.F($"{run.Report.Total.Milliseconds:0.00} ms"),
            Text.F($"{run.Microjoules:0.0} µJ"),
            Text.Count(network.FlashBytes),
            Text.Count(network.PeakRamBytes),
        };

    private static readonly string[] NetworkHeaders = ["network", "model", "profile", "division", "kernels", "accuracy", "MACs", "fewer MACs than dense", "cycles", "time", "energy", "flash B", "peak RAM B"];

    internal static string ProfileName(CompiledNetwork network) => network.Format == NumberFormat.Q15 ? "Q15 / MPY32" : "Float32 / soft float";

    /// <summary>The model alone, and with UnIT: its own calibration, the profile's division, the cheapest kernel class.</summary>
    private (CompiledNetwork Alone, CompiledNetwork? WithUnit) Variants(string model, NumberFormat format) => ModelVariants.Of(_networks, _runs, model, format);

    /// <summary>Issue 6's composition: dense, magnitude-pruned and structured-pruned (and the DS-CNN), each alone and with UnIT, per profile.</summary>
    private IEnumerable<string[]> CompositionRows() =>
        from format in new[] { NumberFormat.Q15, NumberFormat.Float32 }
        let dense = Run(Variants("dense", format).Alone.Name)
        from model in CompiledNetwork.Models
        let variants = Variants(model, format)
        from network in new[] { variants.Alone, variants.WithUnit }
        where network is not null
        let run = Run(network.Name)
        select new[]
        {
            ProfileName(network),
            model,
            network.UsesUnit ? Text.F($"UnIT ({network.Division}, {network.Implementation})") : "alone",
            Text.F($"{run.AccuracyPercent:0.00} %"),
            Text.Points(run.AccuracyPercent - dense.AccuracyPercent),
            Text.Count(run.Macs),
            Text.Count(run.Cycles),
            Text.Percent(100 * (1 - (run.Cycles / dense.Cycles))),
            Text.F($"{run.Microjoules:0.0}"),
            Text.Count(network.FlashBytes),
            Text.Count(network.PeakRamBytes),
        };

    private static readonly string[] CompositionHeaders =
        ["profile", "model", "UnIT", "accuracy", "vs dense (points)", "MACs", "cycles", "fewer cycles than dense", "energy µJ", "flash B", "peak RAM B"];

    private IEnumerable<string[]> SweepRows(Sweep sweep) =>
        sweep.Points.Select(p => new[]
        {
            Text.F($"{p.Threshold:0.###}"),
            Text.F($"{p.Run.AccuracyPercent:0.00} %"),
            Text.Points(p.Run.AccuracyPercent - sweep.Baseline.AccuracyPercent),
            Text.Count(p.Run.Macs),
            Text.Percent(100 * (1 - (p.Run.Macs / sweep.Baseline.Macs))),
            Text.Percent(100 * (1 - (p.Run.Macs / p.Run.Report.Total.DenseMacs))),
            Text.Count(p.Run.Cycles),
            Text.Percent(100 * (1 - (p.Run.Cycles / sweep.Baseline.Cycles))),
            p.Gather is null ? "-" : Text.Count(p.Gather.Cycles),
            p.Gather is null ? "-" : Text.Percent(100 * (1 - (p.Run.Cycles / p.Gather.Cycles))),
        });

    private static readonly string[] SweepHeaders =
        ["T (every layer)", "accuracy", "change (points)", "MACs", "fewer MACs than model alone", "fewer MACs than dense", "cycles (Bucketed)", "fewer cycles than model alone", "Gather cycles", "Bucketed vs Gather"];

    /// <summary>Where the cycles go: per conv/dense layer, cycles per inference by kind of event.</summary>
    private IEnumerable<string[]> BreakdownRows(IEnumerable<string> names) =>
        from name in names
        let network = Network(name)
        let run = Run(name)
        let profile = CostProfile.For(network.Profile)
        let n = (double)run.Ledger.Inferences
        from row in Enumerable.Range(0, network.Layout.Layers.Count)
        let layer = network.Layout.Layers[row]
        where layer.DenseMacs > 0
        let e = run.Ledger.Layers[row]
        select new[]
        {
            name,
            layer.Label,
            layer.Implementation.ToString(),
            Text.Count(e.MacsPerformed / n),
            Text.Count(Text.Cycles(profile, e, EventCounts.MacEvents) / n),
            Text.Count(Text.Cycles(profile, e, BorderEvents) / n),
            Text.Count(Text.Cycles(profile, e, EventCounts.CompareEvents) / n),
            Text.Count(Text.Cycles(profile, e, [.. QuotientEvents, .. LookupEvents]) / n),
            Text.Count(Text.Cycles(profile, e, SetupEvents) / n),
            Text.Count(profile.Cycles(e) / n),
        };

    private static readonly string[] BreakdownHeaders =
        ["network", "layer", "kernel", "MACs", "MAC cycles", "border cycles", "compare cycles", "quotient + lookup cycles", "setup + input visits", "layer cycles"];

    private static readonly string[] BreakdownNetworks =
    [
        "MnistDenseQ15", "MnistDenseQ15ReciprocalLutGather", "MnistDenseQ15ReciprocalLutSorted", "MnistDenseQ15ReciprocalLutBucketed",
        "MnistPrunedQ15", "MnistPrunedQ15ReciprocalLutGather", "MnistPrunedQ15ReciprocalLutSorted", "MnistPrunedQ15ReciprocalLutBucketed",
        "MnistDenseQ15SoftThresholdsGather", "MnistDenseQ15SoftThresholdsSorted", "MnistDenseQ15SoftThresholdsBucketed",
        "MnistPrunedSoft", "MnistPrunedSoftFloatBitsGather", "MnistPrunedSoftFloatBitsBucketed",
        "MnistStructuredQ15", "MnistStructuredQ15ReciprocalLutBucketed",
    ];

    /// <summary>The issue's targets, checked on the numbers above.</summary>
    private IEnumerable<string[]> TargetRows()
    {
        var dense = Run("MnistDenseQ15");
        yield return ["dense model ≥ 97.5 % on the test digits", Text.F($"{dense.AccuracyPercent:0.00} %"), dense.AccuracyPercent >= 97.5 ? "met" : "not met"];
        var worst = UnitNetworks.Select(n => (Network: n, Change: Run(n.Name).AccuracyPercent - Run(Baseline(n).Name).AccuracyPercent)).OrderBy(x => x.Change).First();
        yield return ["UnIT settings (chosen on calibration digits) within 0.5 points of the model they prune, on test",
            Text.F($"worst {Text.Points(worst.Change)} ({worst.Network.Name})"), worst.Change >= -0.5 ? "met" : "not met"];
        var denseUnit = UnitNetworks.Where(n => n.Model == "dense")
            .Select(n => (n.Name, Reduction: 100 * (1 - (Run(n.Name).Macs / Run(n.Name).Report.Total.DenseMacs))))
            .OrderByDescending(x => x.Reduction).First();
        yield return ["dense model + UnIT: ≥ 85 % fewer MACs than dense", Text.F($"best {Text.Percent(denseUnit.Reduction)} ({denseUnit.Name})"), denseUnit.Reduction >= 85 ? "met" : "not met"];
        var best = UnitNetworks.Where(n => n.Format == NumberFormat.Q15 && n.Implementation == "Gather").SelectMany(g =>
        {
            var stem = g.Name[..^"Gather".Length];
            return new[] { "Sorted", "Bucketed" }.Select(k => (Name: stem + k, Saving: 100 * (1 - (Run(stem + k).Cycles / Run(g.Name).Cycles))));
        }).OrderByDescending(x => x.Saving).First();
        yield return ["Q15/MPY32: Sorted or Bucketed ≥ 25 % fewer cycles than Gather at the same thresholds",
            Text.F($"best {Text.Percent(best.Saving)} ({best.Name})"), best.Saving >= 25 ? "met" : "not met"];
        var swept = _sweeps.SelectMany(s => s.Points.Where(p => p.Gather is not null && p.Run.AccuracyPercent - s.Baseline.AccuracyPercent >= -0.5)
                .Select(p => (s.Series, p.Threshold, Saving: 100 * (1 - (p.Run.Cycles / p.Gather!.Cycles)))))
            .OrderByDescending(x => x.Saving).FirstOrDefault();
        if (swept.Series is not null)
        {
            yield return ["the same, in the T sweep (one T on every layer, points within 0.5 points of the model alone; measured on test digits, not a calibrated setting)",
                Text.F($"best {Text.Percent(swept.Saving)} (Bucketed, {swept.Series}, T = {swept.Threshold:0.###})"), swept.Saving >= 25 ? "met" : "not met"];
        }
    }

    /// <summary>Issue 6's targets: the structured model's budget and accuracy, and UnIT composing with it.</summary>
    private IEnumerable<string[]> StructuredTargetRows()
    {
        var (dense, _) = Variants("dense", NumberFormat.Q15);
        var (structured, _) = Variants("structured", NumberFormat.Q15);
        var denseMacs = Run(dense.Name).Report.Total.DenseMacs;
        var structuredMacs = Run(structured.Name).Report.Total.DenseMacs;
        yield return ["structured: ≤ ½ the dense model's MACs", Text.F($"{Text.Count(structuredMacs)} of {Text.Count(denseMacs)} ({Text.Percent(100.0 * structuredMacs / denseMacs)})"), structuredMacs * 2 <= denseMacs ? "met" : "not met"];
        yield return ["structured: ≤ ½ the dense model's peak activation RAM (Q15, without input)", Text.F($"{Text.Count(structured.PeakRamBytes)} of {Text.Count(dense.PeakRamBytes)} B"), structured.PeakRamBytes * 2 <= dense.PeakRamBytes ? "met" : "not met"];
        var change = Run(structured.Name).AccuracyPercent - Run(dense.Name).AccuracyPercent;
        yield return ["structured: test accuracy within 1 point of dense", Text.F($"{Text.Points(change)} ({Run(structured.Name).AccuracyPercent:0.00} % vs {Run(dense.Name).AccuracyPercent:0.00} %)"), change >= -1 ? "met" : "not met"];
        foreach (var format in new[] { NumberFormat.Q15, NumberFormat.Float32 })
        {
            var (alone, composed) = Variants("structured", format);
            var (_, unitOnly) = Variants("dense", format);
            if (composed is null || unitOnly is null)
            {
                continue;
            }

            var cycles = Run(composed.Name).Cycles;
            var others = Math.Min(Run(alone.Name).Cycles, Run(unitOnly.Name).Cycles);
            yield return [Text.F($"{ProfileName(composed)}: structured + UnIT fewer cycles than structured alone and than dense + UnIT"),
                Text.F($"{Text.Count(cycles)} vs {Text.Count(Run(alone.Name).Cycles)} and {Text.Count(Run(unitOnly.Name).Cycles)} ({Text.Percent(100 * (1 - (cycles / others)))} fewer than the better)"),
                cycles < others ? "met" : "not met"];
        }
    }

    /// <summary>Prints the main tables.</summary>
    public void Print(IAnsiConsole console)
    {
        console.Write(Table("Networks on the test digits (generated kernels)", NetworkHeaders, NetworkRows()));
        console.Write(Table("UnIT on the pruned model vs the pruned model alone (paper-style)", ComparisonHeaders, ComparisonRows("pruned")));
        console.Write(Table("UnIT on the dense model vs the dense model alone", ComparisonHeaders, ComparisonRows("dense")));
        console.Write(Table("UnIT on the structured-pruned model vs the structured-pruned model alone", ComparisonHeaders, ComparisonRows("structured")));
        console.Write(Table("UnIT on the DS-CNN vs the DS-CNN alone", ComparisonHeaders, ComparisonRows("dscnn")));
        console.Write(Table("Kernels at the same thresholds", KernelHeaders, KernelRows()));
        console.Write(Table("Dense, magnitude-pruned, structured-pruned and DS-CNN, each alone and with UnIT", CompositionHeaders, CompositionRows()));
        console.Write(Table("Decision overhead per inference", OverheadHeaders, OverheadRows()));
        console.Write(Table("Where the cycles go (per inference)", BreakdownHeaders, BreakdownRows(BreakdownNetworks)));
        foreach (var sweep in _sweeps)
        {
            console.Write(Table(Text.F($"T sweep, {sweep.Series} (interpreter, Bucketed, {_sweepDigits:N0} digits)"), SweepHeaders, SweepRows(sweep)));
        }

        foreach (var name in new[] { "MnistDenseQ15ReciprocalLutBucketed", "MnistPrunedQ15ReciprocalLutBucketed" })
        {
            Run(name).Report.Write(console);
        }

        console.Write(Table("Targets: the paper's comparison", ["target", "measured", ""], TargetRows()));
        console.Write(Table("Targets: structured pruning composed with UnIT", ["target", "measured", ""], StructuredTargetRows()));
    }

    internal static Table Table(string title, string[] headers, IEnumerable<string[]> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Rounded };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        return table;
    }

    /// <summary>Writes report/: README.md, cost-tables.md, CSV files and charts.</summary>
    public void Write(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "networks.csv"), Csv(NetworkHeaders, NetworkRows()));
        File.WriteAllText(Path.Combine(directory, "comparison.csv"), Csv(["model", .. ComparisonHeaders], CompiledNetwork.Models.SelectMany(m => ComparisonRows(m).Select(r => new[] { m }.Concat(r).ToArray()))));
        File.WriteAllText(Path.Combine(directory, "kernels.csv"), Csv(KernelHeaders, KernelRows()));
        File.WriteAllText(Path.Combine(directory, "composition.csv"), Csv(CompositionHeaders, CompositionRows()));
        File.WriteAllText(Path.Combine(directory, "overhead.csv"), Csv(OverheadHeaders, OverheadRows()));
        File.WriteAllText(Path.Combine(directory, "breakdown.csv"), Csv(BreakdownHeaders, BreakdownRows(_networks.Select(n => n.Name))));
        File.WriteAllText(Path.Combine(directory, "sweep.csv"), Csv(["series", .. SweepHeaders], _sweeps.SelectMany(s => SweepRows(s).Select(r => new[] { s.Series }.Concat(r).ToArray()))));

        var tables = new StringBuilder("# Per-layer cost tables\n\nEvery generated network on the 2,000 test digits, per inference, priced with its own profile.\n\n");
        foreach (var network in _networks)
        {
            tables.Append(Text.F($"Accuracy: {Run(network.Name).AccuracyPercent:0.00} %.\n\n")).Append(Run(network.Name).Report.ToMarkdown(2)).Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, "cost-tables.md"), tables.ToString());
        File.WriteAllText(Path.Combine(directory, "README.md"), Markdown(SaveCharts(directory)));
    }

    /// <summary>The report's charts (PNG and SVG), as the Markdown that embeds each.</summary>
    private sealed record ChartLinks(string SweepMacs, string SweepCycles, string LayerCyclesQ15, string LayerCyclesSoft, string ParetoQ15, string ParetoSoft, string SkipRate);

    private ChartLinks SaveCharts(string directory)
    {
        string LayerCycles(NumberFormat format, string name) => LayerCyclesChart.Save(
            [.. CompiledNetwork.Models.Select(model => Variants(model, format)).Select(v => (IReadOnlyList<LayerCyclesBar>)[
                .. new[] { v.Alone, v.WithUnit }.OfType<CompiledNetwork>().Select(n => new LayerCyclesBar(Text.F($"{n.Model}\n{(n.UsesUnit ? "UnIT " + n.Implementation : "alone")}"), n, Run(n.Name)))])],
            Text.F($"Cycles per layer, each model alone and with UnIT ({ProfileName(Variants("dense", format).Alone)})"), directory, name);
        string Pareto(NumberFormat format, string name) => ParetoChart.Save(
            [.. _networks.Where(n => n.Format == format).Select(n => (n, Run(n.Name)))],
            Text.F($"Accuracy vs cycles of every network, {ProfileName(Variants("dense", format).Alone)} ({_digits:N0} test digits)"), directory, name);

        var skipSeries = new[] { "dense", "pruned" }.Select(model => Variants(model, NumberFormat.Q15))
            .SelectMany(v => new[] { v.Alone, v.WithUnit }.OfType<CompiledNetwork>())
            .Select(n => new SkipRateSeries(Text.F($"{n.Model} {(n.UsesUnit ? "+ UnIT " + n.Implementation : "alone")}"), n, Run(n.Name)))
            .ToArray();
        return new ChartLinks(
            SweepChart.SaveMacs(_sweeps, _sweepDigits, directory),
            SweepChart.SaveCycles(_sweeps, _sweepDigits, directory),
            LayerCycles(NumberFormat.Q15, "layer-cycles-q15"),
            LayerCycles(NumberFormat.Float32, "layer-cycles-soft"),
            Pareto(NumberFormat.Q15, "pareto-q15"),
            Pareto(NumberFormat.Float32, "pareto-soft"),
            SkipRateChart.Save(skipSeries, Text.F($"Skip rate per digit, Q15 / MPY32 ({_digits:N0} test digits)"), directory, "skip-rate"));
    }

    private string Markdown(ChartLinks charts)
    {
        var q15 = Run("MnistPrunedQ15").Report;
        var soft = Run("MnistPrunedSoft").Report;
        var md = new StringBuilder();
        md.Append("# UnIT on MNIST: report\n\n");
        md.Append("Written by `dotnet run --project sample-apps/Mnist -c Release`; every number below is measured by that run.\n\n");
        md.Append(Text.F($"* **Data**: the 2,000 MNIST test digits (never used to choose anything). Models and thresholds were chosen on train digits: the first 1,000 train digits are held out of training and are the calibration and pruning-validation digits (`models/README.md`).\n"));
        md.Append("* **Models**: the paper's network (conv 1→6 k5, pool, conv 6→16 k5, pool, dense 256→10; 242,560 dense MACs), dense; magnitude-pruned by the paper's recipe; and structured-pruned (whole channels removed by the resource-budgeted pruner to half the dense MACs and peak RAM: a smaller dense network); beside them a DS-CNN (depthwise-separable convolutions, trained the same way; its own section at the end).\n");
        md.Append(Text.F($"* **Kernels**: {_networks.Count} `[UnitNetwork]` classes, one per (model, profile, division, kernel), compiled by the UnIT generator (table-driven kernels: `UnitMaxUnrolledWeights` = 0, for build time; same semantics and counts as unrolled ones). Thresholds per class are the calibrated ones of `models/<class>.calibration.txt`; the three kernel classes of one (model, profile, division) share one calibration.\n"));
        md.Append(Text.F($"* **Costs**: {q15.Assumptions}\n  Soft float: {soft.Assumptions}\n  Energy is cycles × a constant per profile, so \"less energy\" equals \"fewer cycles\" within a profile.\n\n"));

        md.Append("## Targets\n\n").Append(MarkdownTable(["target", "measured", ""], TargetRows())).Append('\n');
        md.Append(MarkdownTable(["target", "measured", ""], StructuredTargetRows())).Append('\n');

        md.Append("## Paper-style comparison: UnIT on the pruned model vs the pruned model alone\n\n");
        md.Append("Each row: the pruned model with UnIT (thresholds calibrated for that profile and division) against the same pruned model without UnIT (planner's kernels, no thresholds), same profile, all 2,000 test digits, generated kernels.\n\n");
        md.Append(MarkdownTable(ComparisonHeaders, ComparisonRows("pruned"))).Append('\n');
        md.Append("## UnIT on the dense model vs the dense model alone\n\n");
        md.Append("Thresholds chosen for each profile minimise that profile's cycles. On Q15/MPY32 a dense-kernel MAC is cheap (a hardware multiply), so the search skips only where skipping pays; on soft float a MAC is a library call and the search skips most of them. The rows marked *soft-float calibration* run the soft-float thresholds on Q15/MPY32, to compare the kernels at the same (aggressive) thresholds.\n\n");
        md.Append(MarkdownTable(ComparisonHeaders, ComparisonRows("dense"))).Append('\n');
        md.Append("## UnIT on the structured-pruned model vs the structured-pruned model alone\n\n").Append(MarkdownTable(ComparisonHeaders, ComparisonRows("structured"))).Append('\n');
        md.Append("## UnIT on the DS-CNN vs the DS-CNN alone\n\n").Append(MarkdownTable(ComparisonHeaders, ComparisonRows("dscnn"))).Append('\n');
        md.Append("## Composition: training-time pruning and UnIT\n\n");
        md.Append("Each model alone (planner's kernels, no thresholds) and with UnIT (its own calibration for the profile, the profile's natural division: reciprocal table on MPY32, FloatBits on soft float; the cheapest of the Gather/Sorted/Bucketed classes). Flash and peak activation RAM (without the input buffer) are the generated classes' constants, from the shared resource model. UnIT saves cycles, not memory: its kernels store each kept weight with its index and the threshold or bucket tables (more flash), and scatter kernels keep wide accumulators for a whole output map (peak RAM can grow); structured pruning is what shrinks both.\n\n");
        md.Append(MarkdownTable(CompositionHeaders, CompositionRows())).Append('\n');
        md.Append("Where the cycles of these rows go, layer by layer (bar height: the network's cycles per inference):\n\n");
        md.Append(charts.LayerCyclesQ15).Append("\n\n").Append(charts.LayerCyclesSoft).Append("\n\n");
        md.Append("## Accuracy against cycles: every calibrated setting\n\n");
        md.Append("Every network of a profile: each model alone (squares) and each calibrated UnIT class (circles: every division, kernel and threshold source). The dashed staircase is the Pareto front: the networks no other network of the profile beats on both cycles and accuracy.\n\n");
        md.Append(charts.ParetoQ15).Append("\n\n").Append(charts.ParetoSoft).Append("\n\n");
        md.Append("## Kernel implementations at the same thresholds\n\n");
        md.Append("Gather is the paper's form (every candidate product compared); Sorted stops at the first weight below the cut; Bucketed looks the cut up by the activation's exponent bucket. Same outputs and MACs, different cycles.\n\n");
        md.Append(MarkdownTable(KernelHeaders, KernelRows())).Append('\n');
        md.Append("## Decision overhead\n\nCycles spent deciding (threshold comparisons, quotients T/|a|, bucket lookups) per inference and as a share of all cycles; for scale, the share spent on MACs, and the share scatter kernels spend testing kept entries of border pixels against the output map (so that products falling outside it are skipped, not computed).\n\n");
        md.Append(MarkdownTable(OverheadHeaders, OverheadRows())).Append('\n');
        md.Append("## Where the cycles go\n\nPer conv/dense layer and inference, cycles by kind of event (every network: `breakdown.csv`). A layer the calibration left at T = 0 runs the dense kernel in every class.\n\n");
        md.Append(MarkdownTable(BreakdownHeaders, BreakdownRows(BreakdownNetworks))).Append('\n');
        md.Append("## Skip rate over the test digits\n\nThe tables give each layer's skip rate averaged over the digits; UnIT's skipping depends on the activations, so it varies from digit to digit. Per conv/dense layer, the share of its dense MACs not performed on one digit: boxes from the first to the third quartile with the median, whiskers at the 5th and 95th percentiles. The models alone skip zero activations (and pruned weights); UnIT skips small products as well.\n\n");
        md.Append(charts.SkipRate).Append("\n\n");

        md.Append("## Threshold sweep\n\n");
        md.Append(Text.F($"Thresholds are compile-time constants in generated kernels, so the sweep runs through the reference interpreter, which computes the same outputs and counts the same events (tested in `tests/UnIT.Generators.Tests`, and checked here: the interpreter runs each swept class's own calibrated settings and kernels and is compared with the generated class on the same digits). One threshold T on every conv/dense layer, θ as calibrated, Bucketed kernels on every layer (so T = 0 shows what a skipping kernel costs before it skips anything); on Q15/MPY32 also the paper's Gather kernels at the same T. Reductions are against the model alone (planner's kernels, no UnIT) on the same profile. Digits: the first {_sweepDigits:N0} test digits (`--sweep-digits 2000` runs all of them; 1,000 keeps the main job within its time).\n\n"));
        foreach (var sweep in _sweeps)
        {
            md.Append(Text.F($"### {sweep.Series} ({sweep.Network}: interpreter reproduces the generated kernels: {(sweep.MatchesGenerated ? "yes, same predictions count and identical per-layer event counts" : "NO")})\n\n"));
            md.Append(MarkdownTable(SweepHeaders, SweepRows(sweep))).Append('\n');
        }

        md.Append(charts.SweepMacs).Append("\n\n").Append(charts.SweepCycles).Append("\n\n");
        md.Append("## Per-layer cost\n\n");
        foreach (var name in new[] { "MnistDenseQ15", "MnistDenseQ15ReciprocalLutGather", "MnistDenseQ15ReciprocalLutBucketed", "MnistPrunedQ15", "MnistPrunedQ15ReciprocalLutGather", "MnistPrunedQ15ReciprocalLutBucketed", "MnistPrunedSoft", "MnistPrunedSoftFloatBitsBucketed", "MnistStructuredQ15", "MnistStructuredSoftFloatBitsBucketed" })
        {
            md.Append(Text.F($"Accuracy {Run(name).AccuracyPercent:0.00} %.\n\n")).Append(Run(name).Report.ToMarkdown(3)).Append('\n');
        }

        md.Append("Every other network: [cost-tables.md](cost-tables.md). All networks in one table:\n\n").Append(MarkdownTable(NetworkHeaders, NetworkRows()));
        md.Append("\nCSV: `networks.csv`, `comparison.csv`, `kernels.csv`, `composition.csv`, `overhead.csv`, `breakdown.csv`, `sweep.csv`.\n");
        return md.ToString();
    }

    internal static string MarkdownTable(string[] headers, IEnumerable<string[]> rows)
    {
        var md = new StringBuilder();
        md.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n|").Append(string.Concat(headers.Select(_ => " --- |"))).Append('\n');
        foreach (var row in rows)
        {
            md.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }

        return md.ToString();
    }

    internal static string Csv(string[] headers, IEnumerable<string[]> rows)
    {
        static string Cell(string value)
        {
            // Numbers without thousands separators, so spreadsheets read them as numbers.
            if (value.Length > 0 && value.All(c => char.IsDigit(c) || c is ',' or '.' or '-' or '+'))
            {
                value = value.Replace(",", string.Empty, StringComparison.Ordinal);
            }

            return Quote(value);
        }

        static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
        var csv = new StringBuilder(string.Join(",", headers.Select(Cell))).Append('\n');
        foreach (var row in rows)
        {
            csv.Append(string.Join(",", row.Select(Cell))).Append('\n');
        }

        return csv.ToString();
    }
}
