using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Mnist.Evaluation;
using Mnist.Reporting;
using Spectre.Console;
using UnIT;
using UnIT.Calibration;
using UnIT.Calibration.DomainShift;
using UnIT.Collections;
using UnIT.Costs;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Training.Data;
using UnIT.Training.Data.Shifts;

// The main job: every [UnitNetwork] class of Networks.cs on the 2,000 MNIST test digits through its generated
// kernels, a threshold sweep through the reference interpreter, and the report (console + report/).
var clock = Stopwatch.StartNew();
var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    console.Profile.Width = 220; // tables stay readable in a log file
}
var options = RunOptions.Parse(args);
var networks = CompiledNetwork.Discover();

// Classes calibrated with `unit calibrate --fold-normalization` fold MNIST's training normalisation into conv1 and take
// the pixels as they come (p/255); the others take normalised pixels. One report compares one kind.
var folded = networks.Count(n => n.Definition.Options.FoldsInputNormalization);
if (folded != 0 && folded != networks.Count)
{
    throw new InvalidOperationException($"{folded} of {networks.Count} classes fold the input normalisation; calibrate all of them with or all without --fold-normalization and rerun `bash sample-apps/Mnist/models/regenerate.sh networks`.");
}

var test = MnistDataset.Load(pixels: folded == 0 ? MnistPixels.Normalized : MnistPixels.UnitInterval).Test;
console.MarkupLine(Text.F($"[bold]UnIT on MNIST[/]: {networks.Count} generated networks, {test.Count:N0} test digits, {Environment.ProcessorCount} threads."));

var runs = new Dictionary<string, TestRun>(StringComparer.Ordinal);
console.Progress().AutoClear(true).Start(context =>
{
    var task = context.AddTask("generated kernels", maxValue: networks.Count);
    foreach (var network in networks)
    {
        task.Description = network.Name;
        runs[network.Name] = TestRun.Of(network, test, test.Count);
        task.Increment(1);
    }
});
var kernelSeconds = clock.Elapsed.TotalSeconds;

// The T sweep: thresholds are compile-time constants in generated kernels, so it runs through the reference
// interpreter, which has the same semantics and counts the same events (checked on each swept class).
var sweeps = new List<Sweep>();
var sweepClock = Stopwatch.StartNew();
console.Progress().AutoClear(true).Start(context =>
{
    foreach (var (series, name, baseline, withGather) in new[]
    {
        ("pruned, Q15/MPY32", "MnistPrunedQ15ReciprocalLutBucketed", "MnistPrunedQ15", true),
        ("dense, Q15/MPY32", "MnistDenseQ15ReciprocalLutBucketed", "MnistDenseQ15", true),
        ("pruned, soft float", "MnistPrunedSoftFloatBitsBucketed", "MnistPrunedSoft", false),
    })
    {
        var network = networks.Single(n => n.Name == name);
        var task = context.AddTask($"sweep {series}", maxValue: Sweep.Thresholds.Length);
        sweeps.Add(Sweep.Run(series, network, networks.Single(n => n.Name == baseline), test, options.SweepDigits, withGather, () => task.Increment(1)));
    }
});
var sweepSeconds = sweepClock.Elapsed.TotalSeconds;

// Domain shift (docs/domain-shift.md): measured here from the retrained models and calibrations `unit shift` committed.
var shiftClock = Stopwatch.StartNew();
var artifacts = new ShiftArtifacts(options.ModelsDirectory, Path.Combine(options.ModelsDirectory, "domain-shift"));
var measurable = MnistShifts.All.Where(artifacts.IsComplete).ToArray();
IReadOnlyList<ShiftResult> shifted = [];
console.Progress().AutoClear(true).Start(context =>
{
    var task = context.AddTask("domain shift", maxValue: measurable.Length + 1);
    shifted = DomainShiftRun.Run(networks, artifacts, measurable, test, options.ShiftDigits, () => task.Increment(1));
});
var shiftSection = new DomainShiftSection(shifted, options.ShiftDigits, MnistShifts.All.Except(measurable).Select(s => s.Name).ToArray());
var shiftSeconds = shiftClock.Elapsed.TotalSeconds;

// The C export of a few Q15 classes on mspdebug's MSP430 simulator (docs/msp430-c.md), on a few digits.
var simulatorClock = Stopwatch.StartNew();
var simulatorSection = SimulatorSection.Measure(digits: 2);
var simulatorSeconds = simulatorClock.Elapsed.TotalSeconds;

var report = new Report(networks, runs, sweeps, options.SweepDigits, test.Count);
var dsCnnSection = new DsCnnSection(networks, runs);
report.Print(console);
dsCnnSection.Print(console);
shiftSection.Print(console);
simulatorSection.Print(console);
Directory.CreateDirectory(options.OutputDirectory);
var writeClock = Stopwatch.StartNew();
report.Write(options.OutputDirectory);
File.AppendAllText(Path.Combine(options.OutputDirectory, "README.md"), dsCnnSection.Markdown());
File.AppendAllText(Path.Combine(options.OutputDirectory, "README.md"), shiftSection.Write(options.OutputDirectory));
File.AppendAllText(Path.Combine(options.OutputDirectory, "README.md"), simulatorSection.Markdown());
var writeSeconds = writeClock.Elapsed.TotalSeconds;
console.MarkupLine(Text.F($"Wrote [green]{Markup.Escape(Path.GetFullPath(options.OutputDirectory))}[/]: README.md, cost-tables.md, CSV files and charts (PNG and SVG)."));
console.MarkupLine(Text.F($"Time: generated kernels {kernelSeconds:0.0} s ({networks.Count} networks x {test.Count:N0} digits), sweep {sweepSeconds:0.0} s ({sweeps.Sum(s => 3 + s.Points.Count + s.Points.Count(p => p.Gather is not null))} runs x {options.SweepDigits:N0} digits), domain shift {shiftSeconds:0.0} s ({shifted.Count} runs x {options.ShiftDigits:N0} digits), MSP430 simulator {simulatorSeconds:0.0} s, report and charts {writeSeconds:0.0} s, total {clock.Elapsed.TotalSeconds:0.0} s."));
return 0;

/// <summary>Command-line options of the sample.</summary>
internal sealed record RunOptions(string OutputDirectory, int SweepDigits, int ShiftDigits, string ModelsDirectory)
{
    public static RunOptions Parse(string[] args)
    {
        var project = typeof(RunOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value ?? ".";
        var output = Path.Combine(project, "report");
        var sweepDigits = 1000; // the interpreter is slower than the generated kernels; 1,000 digits keep the main job short
        var shiftDigits = 200; // per shift: 11 shifts x 12 runs, half of them through the interpreter, within the job's 2 minutes
        for (var i = 0; i < args.Length - 1; i++)
        {
            switch (args[i])
            {
                case "--out":
                    output = args[i + 1];
                    break;
                case "--sweep-digits":
                    sweepDigits = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--shift-digits":
                    shiftDigits = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
            }
        }

        return new RunOptions(output, Math.Clamp(sweepDigits, 1, 2000), Math.Clamp(shiftDigits, 1, 2000), Path.Combine(project, "models"));
    }
}

/// <summary>
/// A sweep of one uniform UnIT threshold T on every conv/dense layer (θ as calibrated), through the reference
/// interpreter with Bucketed kernels; plus a check that the interpreter reproduces the generated class exactly.
/// </summary>
internal sealed record Sweep(string Series, string Network, TestRun Baseline, IReadOnlyList<(float Threshold, TestRun Run, TestRun? Gather)> Points, bool MatchesGenerated)
{
    /// <summary>The thresholds swept (units of the float product a·w; the calibrated ones are 0.1–0.4 where set).</summary>
    public static readonly float[] Thresholds = [0f, 0.05f, 0.1f, 0.15f, 0.2f, 0.3f, 0.45f];

    /// <summary>Runs the sweep; <paramref name="withGather"/> also runs the paper's Gather kernels at every T (same outputs and MACs, other cycles).</summary>
    public static Sweep Run(string series, CompiledNetwork network, CompiledNetwork alone, Dataset test, int digits, bool withGather, Action step)
    {
        var baseline = TestRun.Of(alone, test, digits); // the model alone on the same digits
        using var stream = network.OpenWeights();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var weights = WeightFile.Parse(memory.ToArray(), network.Name);

        // The generated class's own settings and kernels, through the interpreter: same accuracy and events?
        var kernels = network.Layout.Layers.Where(l => l.DenseMacs > 0).Select(l => l.Implementation).ToArray();
        var check = TestRun.Of("check", new ReferenceInterpreter(PreparedNetwork.Prepare(network.Definition, weights), implementations: kernels), test, digits);
        var generated = TestRun.Of(network, test, digits);
        var matches = check.Correct == generated.Correct && check.Ledger.Layers.SequenceEqual(generated.Ledger.Layers);

        var points = new List<(float, TestRun, TestRun?)>();
        foreach (var threshold in Thresholds)
        {
            var definition = network.Definition with
            {
                Layers = network.Definition.Layers
                    .Select(l => l is PrunableLayer p ? CalibratedNetwork.WithThresholds(p, threshold, 0, ImmutableEquatableArray<float>.Empty) : l)
                    .ToImmutableEquatableArray(),
            };
            var prepared = PreparedNetwork.Prepare(definition, weights);
            var bucketed = TestRun.Of(Text.F($"{series} T={threshold}"), new ReferenceInterpreter(prepared, implementations: [KernelImplementation.Bucketed]), test, digits);
            var gather = withGather ? TestRun.Of(Text.F($"{series} T={threshold} Gather"), new ReferenceInterpreter(prepared, implementations: [KernelImplementation.Gather]), test, digits) : null;
            points.Add((threshold, bucketed, gather));
            step();
        }

        return new Sweep(series, network.Name, baseline, points, matches);
    }
}

/// <summary>Invariant formatting.</summary>
internal static class Text
{
    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Points(double value) => (value >= 0 ? "+" : string.Empty) + value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Share of cycles a group of events costs.</summary>
    public static double Cycles(CostProfile profile, EventCounts counts, params IEnumerable<CostEvent> events)
    {
        var cycles = 0.0;
        foreach (var e in events)
        {
            cycles += counts[e] * profile.CyclesPer(e);
        }

        return cycles;
    }
}
