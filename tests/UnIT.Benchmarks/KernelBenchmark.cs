using System.Text.Json;
using UnIT.Benchmarks.Infrastructure;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Reporting;
using UnIT.Training.Data;
using static UnIT.Benchmarks.Infrastructure.Report;

namespace UnIT.Benchmarks;

/// <summary>
/// Parts 1 and 2: generated kernels vs the reference interpreter on the same LeNet and semantics (ledger on for both),
/// and generated kernels with vs without the ledger, for Gather, Sorted, Bucketed and the planner's choice, in Float32
/// and Q15. The parent generates and compiles; each row is measured in a child process (<see cref="RunRow"/>).
/// </summary>
internal static class KernelBenchmark
{
    /// <summary>Speed-up the issue asks of generated kernels over the interpreter (ledger on for both).</summary>
    public const double SpeedupTarget = 5.0;

    /// <summary>Largest ledger-on / ledger-off time ratio the issue allows.</summary>
    public const double LedgerTarget = 1.25;

    /// <summary>The three UnIT kernels forced on every layer, then the planner's own per-layer choice (what a user gets by default).</summary>
    private static readonly KernelImplementation[] Implementations =
        [KernelImplementation.Gather, KernelImplementation.Sorted, KernelImplementation.Bucketed, KernelImplementation.Auto];

    /// <summary>One row of results, measured in a child process and sent back as JSON.</summary>
    internal sealed record Row(
        NumberFormat Format, KernelImplementation Implementation, string Kernels, double Accuracy, double SkippedPercent, Timing[] Timings,
        Ratio? Speedup, Ratio? SpeedupWall, Ratio? Ledger, Ratio? LedgerWall, WarmUp WarmUp, LayerTiming[]? Layers);

    /// <summary>The child-process switch that measures one row.</summary>
    public const string RowSwitch = "--kernel-row";

    private const string RowMarker = "UNIT-ROW ";

    /// <summary>MNIST test digits the kernels are timed and checked on.</summary>
    private const int DigitCount = 100;

    public static void Run(bool compareInterpreter, bool compareLedger, bool layers, TimerOptions timer, LeNetSettings settings)
    {
        Heading(compareInterpreter && compareLedger ? "1–2. Generated kernels vs reference interpreter, and the cost of the ledger"
            : compareInterpreter ? "1. Generated kernels vs reference interpreter" : "2. Cost of the ledger");
        Line($"Network: LeNet 1x28x28 — Conv2d(1→6,k5) ReLU MaxPool2d(2) Conv2d(6→16,k5) ReLU MaxPool2d(2) Flatten Dense(256→10); 242,560 dense MACs.");
        Line($"Weights: trained on MNIST ({Networks.LeNetWeightFile}, embedded); {settings}.");
        Line($"Inputs: the first {DigitCount} MNIST test digits, cycled (accuracy is over all 2,000 test digits).");
        Line($"Every conv/dense layer is forced to the row's kernel, or left to the planner (Auto, its choice for conv1/conv2/fc1 shown); the interpreter runs the same implementation per layer (its ledger counts that kernel's events).");
        Line($"Each row runs in a fresh child process: the interpreter's code is shared by every row, and the JIT optimises it (tiered PGO) for what it ran first; measured in one process after the Gather rows, the Sorted/Bucketed interpreter ran about 25 % slower (1.8 ms instead of 1.45 ms), which flattered those ratios.");
        Line($"Timer: {timer.Rounds} interleaved rounds of ~{timer.Sample.TotalMilliseconds:F0} ms samples, after a warm-up of at least {timer.WarmUp.TotalSeconds:F1} s per contender that lasts until the JIT has compiled nothing for {timer.Quiet.TotalSeconds:F1} s; {(ThreadCpu.IsAvailable ? "thread CPU time" : "wall time")} per inference, median [p25–p75] over rounds.");
        Line();

        var weights = Networks.LeNetWeights();
        var rows = new List<Row>();
        var directory = Directory.CreateTempSubdirectory("unit-kernels-");
        try
        {
            foreach (var format in new[] { NumberFormat.Float32, NumberFormat.Q15 })
            {
                var classes = Implementations.Select(i => (Implementation: i, Name: $"LeNet{format}{i}")).ToArray();
                var build = InMemoryBuild.Generate(Networks.Source(classes.Select(c => Networks.LeNet(c.Name, format, c.Implementation, settings))), Networks.LeNetWeightFile, weights);
                SaveSources(build, $"LeNet{format}.g.cs");
                var path = Path.Combine(directory.FullName, $"LeNet{format}.dll");
                File.WriteAllBytes(path, InMemoryBuild.Emit(build.Output).Image);
                foreach (var (implementation, name) in classes)
                {
                    if (Environment.GetEnvironmentVariable("UNIT_BENCHMARK_ONLY") is { Length: > 0 } only
                        && !only.Split(',').Contains($"{format}{implementation}", StringComparer.OrdinalIgnoreCase))
                    {
                        continue; // Only the variants asked for (for profiling one row).
                    }

                    Console.Error.WriteLine(FormattableString.Invariant($"  timing {format} {implementation} (child process) ..."));
                    string[] arguments = [RowSwitch, path, "Bench." + name, compareInterpreter ? "interpreter" : "-", compareLedger ? "ledger" : "-", layers ? "layers" : "-", timer == TimerOptions.Quick ? "quick" : "full"];
                    var (exitCode, output) = ChildProcess.Run(arguments);
                    var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(RowMarker, StringComparison.Ordinal));
                    if (exitCode != 0 || line is null)
                    {
                        throw new InvalidOperationException($"The benchmark child for {format} {implementation} failed (exit code {exitCode}); its error output is above.");
                    }

                    rows.Add(JsonSerializer.Deserialize<Row>(line[RowMarker.Length..])!);
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        if (rows.Count == 0)
        {
            Line($"No row matched UNIT_BENCHMARK_ONLY.");
            return;
        }

        Line($"Checked first, for every row: on all {DigitCount} digits the generated outputs equal the interpreter's bit for bit and every ledger row is equal.");
        var unsettled = rows.Where(r => !r.WarmUp.Settled).Select(r => $"{r.Format} {r.Kernels}").ToArray();
        Line($"Warm-up took {F(rows.Min(r => r.WarmUp.Elapsed.TotalSeconds), 1)}–{F(rows.Max(r => r.WarmUp.Elapsed.TotalSeconds), 1)} s per row (wall); {(unsettled.Length == 0 ? "the JIT had settled for every row" : $"the JIT was STILL COMPILING after {TimerOptions.WarmUpLimit.TotalSeconds:F0} s for {string.Join(", ", unsettled)}: those rows may be unrepresentative")}.");
        Line();
        var headers = new List<string> { "format / kernel", "accuracy", "MACs skipped" };
        headers.AddRange(rows[0].Timings.Select(t => t.Name + " µs"));
        headers.AddRange(rows[0].Timings.Select(t => t.Name + " µs (wall)"));
        Table([.. headers], rows.Select(r => new[] { $"{r.Format} {r.Kernels}", F(r.Accuracy, 2) + " %", F(r.SkippedPercent, 1) + " %" }
            .Concat(r.Timings.Select(t => $"{F(t.MedianMicroseconds, 1)} [{F(t.P25Microseconds, 1)}–{F(t.P75Microseconds, 1)}]"))
            .Concat(r.Timings.Select(t => F(t.MedianWallMicroseconds, 1)))
            .ToArray()));
        Line();
        var ratioHeaders = new List<string> { "format / kernel" };
        if (compareInterpreter)
        {
            ratioHeaders.AddRange([$"interpreter / generated (target ≥ {SpeedupTarget:F0}×)", "same, wall time"]);
        }

        if (compareLedger)
        {
            ratioHeaders.AddRange([$"ledger on / off (target ≤ {LedgerTarget:F2})", "same, wall time"]);
        }

        Table([.. ratioHeaders], rows.Select(r =>
        {
            var cells = new List<string> { $"{r.Format} {r.Kernels}" };
            if (r.Speedup is { } s)
            {
                cells.Add($"{F(s.Median, 2)}× [{F(s.P25, 2)}–{F(s.P75, 2)}] {(s.Median >= SpeedupTarget ? "ok" : "MISSED")}");
                cells.Add($"{F(r.SpeedupWall!.Median, 2)}×");
            }

            if (r.Ledger is { } l)
            {
                cells.Add($"{F(l.Median, 3)} [{F(l.P25, 3)}–{F(l.P75, 3)}] {(l.Median <= LedgerTarget ? "ok" : "MISSED")}");
                cells.Add(F(r.LedgerWall!.Median, 3));
            }

            return cells.ToArray();
        }));
        Line();
        if (compareInterpreter)
        {
            var worst = rows.MinBy(r => r.Speedup!.Median)!;
            Line($"Speed-up of generated kernels over the interpreter (ledger on for both): worst {F(worst.Speedup!.Median, 2)}× ({worst.Format} {worst.Kernels}), best {F(rows.Max(r => r.Speedup!.Median), 2)}×; target ≥ {SpeedupTarget:F0}× for every kernel: {(worst.Speedup.Median >= SpeedupTarget ? "met" : "MISSED")}.");
        }

        if (compareLedger)
        {
            var worst = rows.MaxBy(r => r.Ledger!.Median)!;
            Line($"Ledger on / off: worst {F(worst.Ledger!.Median, 3)} ({worst.Format} {worst.Kernels}); target ≤ {LedgerTarget:F2}: {(worst.Ledger.Median <= LedgerTarget ? "met" : "MISSED")}.");
        }

        if (layers)
        {
            Line();
            Line($"Per layer (each generated layer method timed alone with the ledger on, on the recorded inputs of the same digits; µs per inference and ns per dense MAC):");
            Line();
            var labels = rows[0].Layers!.Select(l => l.Label).ToArray();
            Table(["format / kernel", .. labels, "sum"], rows.Select(r => new[] { $"{r.Format} {r.Kernels}" }
                .Concat(r.Layers!.Select(l => l.DenseMacs > 0 ? $"{F(l.Microseconds, 1)} ({F(1000 * l.Microseconds / l.DenseMacs, 2)} ns)" : F(l.Microseconds, 1)))
                .Append(F(r.Layers!.Sum(l => l.Microseconds), 1))
                .ToArray()));
        }
    }

    /// <summary>
    /// The child: loads one compiled network class, checks it against the interpreter, measures it and prints the row as
    /// JSON. Arguments: assembly path, type name, then "interpreter"/"-", "ledger"/"-", "layers"/"-", "quick"/"full".
    /// </summary>
    public static int RunRow(string[] arguments)
    {
        var (path, typeName) = (arguments[0], arguments[1]);
        var (compareInterpreter, compareLedger, layers) = (arguments[2] == "interpreter", arguments[3] == "ledger", arguments[4] == "layers");
        var timer = arguments[5] == "quick" ? TimerOptions.Quick : TimerOptions.Full;
        var mnist = MnistDataset.Load(calibrationCount: 0);
        var digits = Enumerable.Range(0, DigitCount).Select(i => mnist.Test.Sample(i).ToArray()).ToArray();
        using var assembly = new LoadedAssembly(File.ReadAllBytes(path), Path.GetFileName(path));
        var network = assembly.Network(typeName);
        var format = network.LedgerLayout.Format;
        var implementation = network.Definition.Layers.OfType<PrunableLayer>().First().Pruning.Implementation;
        var layerImplementations = network.LedgerLayout.Layers.Where(l => l.DenseMacs > 0).Select(l => l.Implementation).ToArray();
        var weightFile = WeightFile.Parse(Networks.LeNetWeights(), Networks.LeNetWeightFile);
        var interpreter = new ReferenceInterpreter(PreparedNetwork.Prepare(network.Definition, weightFile), null, layerImplementations);
        var skipped = Verify(network, interpreter, digits);
        var accuracy = Accuracy(network, mnist.Test);

        var contenders = new List<Contender>();
        var output = new float[network.OutputLength];
        if (compareInterpreter)
        {
            var ledger = interpreter.CreateLedger();
            var next = 0;
            contenders.Add(new Contender("interpreter+ledger", n =>
            {
                for (var k = 0; k < n; k++)
                {
                    interpreter.Run(digits[next], output, ledger);
                    next = next + 1 == digits.Length ? 0 : next + 1;
                }
            }));
        }

        var generatedLedger = network.CreateLedger();
        var inferWithLedger = network.InferWithLedger;
        var nextWithLedger = 0;
        contenders.Add(new Contender("generated+ledger", n =>
        {
            for (var k = 0; k < n; k++)
            {
                inferWithLedger(digits[nextWithLedger], output, generatedLedger);
                nextWithLedger = nextWithLedger + 1 == digits.Length ? 0 : nextWithLedger + 1;
            }
        }));
        if (compareLedger)
        {
            var infer = network.Infer;
            var nextPlain = 0;
            contenders.Add(new Contender("generated", n =>
            {
                for (var k = 0; k < n; k++)
                {
                    infer(digits[nextPlain], output);
                    nextPlain = nextPlain + 1 == digits.Length ? 0 : nextPlain + 1;
                }
            }));
        }

        var (timings, perRound, wallPerRound, warmUp) = InterleavedTimer.Measure(contenders, timer);
        var last = contenders.Count - 1;
        var kernels = implementation == KernelImplementation.Auto ? $"Auto = {string.Join("/", layerImplementations)}" : implementation.ToString();
        var row = new Row(format, implementation, kernels, accuracy, skipped, timings,
            compareInterpreter ? InterleavedTimer.RatioOf(perRound, 0, 1) : null,
            compareInterpreter ? InterleavedTimer.RatioOf(wallPerRound, 0, 1) : null,
            compareLedger ? InterleavedTimer.RatioOf(perRound, last - 1, last) : null,
            compareLedger ? InterleavedTimer.RatioOf(wallPerRound, last - 1, last) : null,
            warmUp,
            layers ? LayerProfile.Measure(network, interpreter.Network, digits, timer) : null);
        Console.WriteLine(RowMarker + JsonSerializer.Serialize(row));
        return 0;
    }

    /// <summary>With <c>UNIT_BENCHMARK_SOURCES=dir</c>, keeps the generated files for reading (the numbers come from this code).</summary>
    public static void SaveSources(GeneratedBuild build, string fileName)
    {
        if (Environment.GetEnvironmentVariable("UNIT_BENCHMARK_SOURCES") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, fileName), string.Join("\n", build.Sources));
        }
    }

    /// <summary>Checks outputs (bit for bit) and ledgers against the interpreter; returns the share of dense MACs skipped.</summary>
    private static double Verify(LoadedNetwork network, ReferenceInterpreter interpreter, float[][] digits)
    {
        var generatedLedger = network.CreateLedger();
        var referenceLedger = interpreter.CreateLedger();
        var generated = new float[network.OutputLength];
        foreach (var digit in digits)
        {
            network.InferWithLedger(digit, generated, generatedLedger);
            var expected = interpreter.Run(digit, referenceLedger);
            if (!expected.Select(BitConverter.SingleToInt32Bits).SequenceEqual(generated.Select(BitConverter.SingleToInt32Bits)))
            {
                throw new InvalidOperationException($"{network.Type.Name}: generated [{string.Join(", ", generated)}] vs interpreter [{string.Join(", ", expected)}]");
            }
        }

        for (var layer = 0; layer < network.LedgerLayout.Layers.Count; layer++)
        {
            if (referenceLedger.Layer(layer) != generatedLedger.Layer(layer))
            {
                throw new InvalidOperationException($"{network.Type.Name}, layer {network.LedgerLayout.Layers[layer].Label}: generated {{{generatedLedger.Layer(layer)}}} vs interpreter {{{referenceLedger.Layer(layer)}}}");
            }
        }

        return CostReport.Create(generatedLedger).Total.SkippedPercent;
    }

    private static double Accuracy(LoadedNetwork network, Dataset test)
    {
        var output = new float[network.OutputLength];
        var correct = 0;
        for (var i = 0; i < test.Count; i++)
        {
            network.Infer(test.Sample(i), output);
            var best = 0;
            for (var k = 1; k < output.Length; k++)
            {
                if (output[k] > output[best])
                {
                    best = k;
                }
            }

            correct += best == test.Label(i) ? 1 : 0;
        }

        return 100.0 * correct / test.Count;
    }
}
