using System.Diagnostics;
using System.Globalization;
using UnIT.Benchmarks.Infrastructure;
using static UnIT.Benchmarks.Infrastructure.Report;

namespace UnIT.Benchmarks;

/// <summary>
/// Part 3: generator wall time (parse + plan + emit) and Roslyn Emit time, one shot, for the LeNet and for a
/// 100,000-weight MLP, in one process. The MLP goes first, so its figure includes JIT-compiling Roslyn and the
/// generator (as a cold command-line build does) and is the conservative one to hold against the 60 s budget; a second
/// pass repeats each network under a fresh class name (so the planner's memo cannot answer) for the warm figure a
/// compiler server sees on a rebuild.
/// </summary>
internal static class GeneratorBenchmark
{
    /// <summary>The issue's budget for generating and compiling the 100,000-weight MLP.</summary>
    public static readonly TimeSpan MlpTarget = TimeSpan.FromSeconds(60);

    /// <summary>The build property that sets which layers are unrolled (the generator's default is 16,384 weights).</summary>
    public const string UnrollKnob = "build_property.UnitMaxUnrolledWeights";

    /// <summary>The networks of parts 3 and 4, in the order they are generated.</summary>
    /// <remarks>With <paramref name="quick"/> the fully unrolled MLP (half a minute of Roslyn on its own) is left out.</remarks>
    public static IReadOnlyList<Case> Cases(LeNetSettings settings, bool quick)
    {
        var cases = new List<Case>
        {
            new("MLP 784-128-10, default knob (16,384)", "Mlp", Networks.Mlp("Mlp"), Networks.MlpWeightFile, () => Networks.MlpWeights(), null, IsMlp: true),
            new("LeNet Float32 (planner's choice)", "LeNetAuto", Networks.LeNet("LeNetAuto", NumberFormat.Float32, KernelImplementation.Auto, settings), Networks.LeNetWeightFile, Networks.LeNetWeights, null, IsMlp: false),
            new("LeNet Q15 (planner's choice)", "LeNetQ15Auto", Networks.LeNet("LeNetQ15Auto", NumberFormat.Q15, KernelImplementation.Auto, settings), Networks.LeNetWeightFile, Networks.LeNetWeights, null, IsMlp: false),
        };
        if (!quick)
        {
            cases.Add(new("MLP 784-128-10, fully unrolled", "MlpUnrolled", Networks.Mlp("MlpUnrolled"), Networks.MlpWeightFile, () => Networks.MlpWeights(),
                new Dictionary<string, string> { [UnrollKnob] = "1000000" }, IsMlp: true));
        }

        return cases;
    }

    /// <summary>One network to generate.</summary>
    internal sealed record Case(string Title, string ClassName, string Declaration, string WeightFileName, Func<byte[]> Weights, IReadOnlyDictionary<string, string>? Properties, bool IsMlp);

    /// <summary>The child-process switch that runs this part in a fresh runtime.</summary>
    public const string ChildSwitch = "--generator-child";

    /// <summary>
    /// Runs the part in a fresh child process, so its first row is a cold start whatever ran before in this process;
    /// the child leaves the compiled assemblies in <paramref name="images"/> for the size part.
    /// </summary>
    public static void RunIsolated(bool quick, DirectoryInfo images)
    {
        var (exitCode, _) = ChildProcess.Run([ChildSwitch, quick ? "quick" : "full", images.FullName], captureOutput: false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The generator benchmark child failed (exit code {exitCode}).");
        }
    }

    /// <summary>Runs the part in this process; saves each cold-pass assembly as <c>{ClassName}.dll</c> in <paramref name="images"/>.</summary>
    public static void Run(bool quick, LeNetSettings settings, DirectoryInfo? images)
    {
        Heading("3. Generator wall time");
        Line($"One fresh process, one shot per row, in this order (the first row also pays for JIT-compiling Roslyn and the generator). 'generate' is the generator driver run: parse the attributes, decode the weight file, bind + plan, emit C#, parse the emitted text; 'compile' is Roslyn's Emit of the whole compilation (bind, lower, write IL). Times are wall clock; 'CPU' is the process's CPU time for both (Roslyn compiles methods in parallel), 'allocated' its managed allocations.");
        Line($"The second pass repeats each network under a new class name (a new plan, not a memo hit) once Roslyn and the generator are JIT-compiled{(quick ? "; --quick skips it, and the fully unrolled MLP" : string.Empty)}.");
        Line();
        var cases = Cases(settings, quick);
        var rows = new List<string[]>();
        var breakdown = new List<string[]>();
        TimeSpan? coldMlp = null;
        foreach (var pass in quick ? new[] { "cold" } : ["cold", "warm"])
        {
            foreach (var c in cases)
            {
                var className = pass == "cold" ? c.ClassName : c.ClassName + "Again";
                var declaration = pass == "cold" ? c.Declaration : c.Declaration.Replace($"class {c.ClassName};", $"class {className};", StringComparison.Ordinal);
                Console.Error.WriteLine($"  generating {c.Title} ({pass}) ...");
                var weights = c.Weights();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var build = InMemoryBuild.Generate(Networks.Source([declaration]), c.WeightFileName, weights, c.Properties);
                var (image, compile) = InMemoryBuild.Emit(build.Output);
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                if (pass == "cold" && images is not null)
                {
                    File.WriteAllBytes(Path.Combine(images.FullName, c.ClassName + ".dll"), image);
                }

                var total = build.Generate + compile;
                if (c.IsMlp && c.Properties is null && pass == "cold")
                {
                    coldMlp = total;
                }

                var source = build.Sources.Single();
                var lines = source.Count(ch => ch == '\n');
                rows.Add(
                [
                    $"{c.Title} ({pass})",
                    Ms(build.Generate),
                    Ms(compile),
                    Ms(total),
                    Ms(cpu),
                    $"{F(allocated / (1024.0 * 1024.0), 0)} MB",
                    $"{F(source.Length / 1024.0, 0)} KB / {N(lines)} lines",
                    $"{F(weights.Length / 1024.0, 0)} KB",
                ]);
                TimeSpan Step(string name) => build.Steps.Where(s => s.Name == name).Select(s => s.Elapsed).DefaultIfEmpty().Aggregate((a, b) => a + b);
                breakdown.Add(
                [
                    $"{c.Title} ({pass})",
                    Ms(build.Encode),
                    Ms(Step("UnIT.Networks")),
                    Ms(Step("UnIT.WeightFiles")),
                    Ms(Step("UnIT.Plans")),
                    Ms(Step("SourceOutput")),
                    Ms(build.Generate - build.GeneratorTime),
                ]);
            }
        }

        Table(["network", "generate", "compile (Emit)", "generate + compile", "CPU", "allocated", "generated source", "weight file"], rows);
        Line();
        Line($"Where the generator's time goes (the driver's tracked steps; 'outside' = driver time not attributed to the generator: parsing the emitted text and bookkeeping). 'encode' is the MSBuild task's base64 conversion, not part of the compiler run:");
        Line();
        Table(["network", "encode", "parse attributes", "decode weights", "bind + plan", "emit", "outside"], breakdown);
        Line();
        if (coldMlp is { } mlp)
        {
            Line($"MLP (~101k weights, default settings) generates and compiles in {Seconds(mlp)} cold; target ≤ {MlpTarget.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s: {(mlp <= MlpTarget ? "met" : "MISSED")}.");
        }
    }
}
