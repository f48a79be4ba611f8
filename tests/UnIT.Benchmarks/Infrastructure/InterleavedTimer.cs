using System.Diagnostics;
using System.Runtime.InteropServices;

namespace UnIT.Benchmarks.Infrastructure;

/// <summary>Something to time: <see cref="Run"/> performs <c>n</c> inferences.</summary>
internal sealed record Contender(string Name, Action<int> Run);

/// <summary>Per-inference times of one contender over all rounds: thread CPU time (the primary measure) and wall time.</summary>
internal sealed record Timing(string Name, double MedianMicroseconds, double P25Microseconds, double P75Microseconds, double MedianWallMicroseconds, int BatchSize);

/// <summary>Ratio of two contenders' times taken round by round (median and interquartile range).</summary>
internal sealed record Ratio(double Median, double P25, double P75);

/// <summary>How long to warm up and sample.</summary>
/// <param name="WarmUp">Least warm-up per contender.</param>
/// <param name="Quiet">Warm-up goes on until the JIT has compiled nothing for this long (tiering has settled).</param>
/// <param name="Sample">Length of one timed batch.</param>
/// <param name="Rounds">Timed rounds.</param>
internal sealed record TimerOptions(TimeSpan WarmUp, TimeSpan Quiet, TimeSpan Sample, int Rounds)
{
    /// <summary>Warm-up gives up waiting for the JIT after this long (and says so).</summary>
    public static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(120);

    public static TimerOptions Full { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(25), 31);

    public static TimerOptions Quick { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(12), 11);
}

/// <summary>What warming up took: wall time, and whether the JIT went quiet (every method at its final tier).</summary>
internal sealed record WarmUp(TimeSpan Elapsed, bool Settled);

/// <summary>
/// A Stopwatch harness that compares contenders in one run, interleaved, and reports ratios per round.
/// </summary>
/// <remarks>
/// <para>
/// What is timed: the CPU time of the benchmark thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), with wall time alongside.
/// On a VM where other jobs keep a load of 10–25 on 2 cores, wall time mostly measures how long the scheduler kept the
/// thread waiting; thread CPU time counts only the time the code ran (including the interpreter's garbage collections,
/// which the workstation non-concurrent GC performs on the allocating thread). Where that clock is unavailable
/// (not Linux) both columns are wall time.
/// </para>
/// <para>
/// Why not BenchmarkDotNet: the machine is a shared, noisy 2-core VM. BenchmarkDotNet measures one case after the
/// other (minutes apart), so load that comes and goes between cases lands in the ratio. Here every round times each
/// contender once, back to back (rotating who goes first), and the ratio is taken inside the round, so both sides
/// of a ratio saw the same load; medians over rounds then drop rounds hit by a neighbour or a GC. The generated
/// kernels are also compiled in memory at run time, which BenchmarkDotNet's out-of-process toolchain would redo in
/// every child process. Each sample is a batch of inferences long enough (~10–25 ms) that timer resolution and the
/// delegate call do not matter.
/// </para>
/// <para>
/// Warm-up runs every contender, interleaved, until the JIT has compiled no method for a while
/// (<see cref="System.Runtime.JitInfo.GetCompiledMethodCount"/> stands still): tiered compilation promotes a method
/// Tier 0 → instrumented Tier 0 → Tier 1 on a background thread, and on this loaded machine that took longer than any
/// fixed warm-up — a fixed 0.6 s left the interpreter's event accounting in Tier 0 and made it look four times slower
/// than it is. Timing only after the JIT goes quiet measures both sides at their final, optimised tier.
/// </para>
/// </remarks>
internal static class InterleavedTimer
{
    public static (Timing[] Timings, double[][] PerRound, double[][] WallPerRound, WarmUp WarmUp) Measure(IReadOnlyList<Contender> contenders, TimerOptions options)
    {
        // Warm-up, interleaved in slices, until the JIT has been quiet for a while (every method at its final tier).
        var clock = Stopwatch.StartNew();
        var slice = TimeSpan.FromMilliseconds(50);
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var quietSince = clock.Elapsed;
        var settled = false;
        while (clock.Elapsed < TimerOptions.WarmUpLimit)
        {
            foreach (var contender in contenders)
            {
                RunFor(contender, slice);
            }

            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quietSince = clock.Elapsed;
            }
            else if (clock.Elapsed - quietSince >= options.Quiet && clock.Elapsed >= options.WarmUp * contenders.Count)
            {
                settled = true;
                break;
            }
        }

        var warmUp = new WarmUp(clock.Elapsed, settled);

        // Batch sizes: enough inferences per sample to fill the sample time.
        var batches = contenders.Select(c => BatchSize(c, options.Sample)).ToArray();

        var perRound = new double[options.Rounds][];
        var wallPerRound = new double[options.Rounds][];
        for (var round = 0; round < options.Rounds; round++)
        {
            perRound[round] = new double[contenders.Count];
            wallPerRound[round] = new double[contenders.Count];
            for (var k = 0; k < contenders.Count; k++)
            {
                var i = (k + round) % contenders.Count;
                var cpu = ThreadCpu.Now();
                var start = Stopwatch.GetTimestamp();
                contenders[i].Run(batches[i]);
                var wall = Stopwatch.GetElapsedTime(start);
                var elapsed = ThreadCpu.Now() - cpu;
                perRound[round][i] = (ThreadCpu.IsAvailable ? elapsed : wall).TotalMicroseconds / batches[i];
                wallPerRound[round][i] = wall.TotalMicroseconds / batches[i];
            }
        }

        var timings = contenders.Select((c, i) =>
        {
            var values = perRound.Select(r => r[i]).ToArray();
            return new Timing(c.Name, Percentile(values, 0.5), Percentile(values, 0.25), Percentile(values, 0.75),
                Percentile(wallPerRound.Select(r => r[i]).ToArray(), 0.5), batches[i]);
        }).ToArray();
        return (timings, perRound, wallPerRound, warmUp);
    }

    /// <summary>Time of contender <paramref name="numerator"/> over <paramref name="denominator"/>, round by round.</summary>
    public static Ratio RatioOf(double[][] perRound, int numerator, int denominator)
    {
        var ratios = perRound.Select(r => r[numerator] / r[denominator]).ToArray();
        return new Ratio(Percentile(ratios, 0.5), Percentile(ratios, 0.25), Percentile(ratios, 0.75));
    }

    private static void RunFor(Contender contender, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var n = 1;
        while (clock.Elapsed < duration)
        {
            contender.Run(n);
            n = Math.Min(n * 2, 256);
        }
    }

    private static int BatchSize(Contender contender, TimeSpan sample)
    {
        var n = 1;
        while (true)
        {
            var start = ThreadCpu.Now();
            contender.Run(n);
            var elapsed = ThreadCpu.Now() - start;
            if (elapsed >= sample / 4)
            {
                return Math.Max(1, (int)Math.Round(n * (sample / elapsed)));
            }

            n *= 2;
        }
    }

    public static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var position = p * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}

/// <summary>CPU time consumed by the calling thread (Linux); elsewhere a wall clock.</summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static bool IsAvailable { get; } = Probe();

    public static TimeSpan Now()
    {
        if (!IsAvailable)
        {
            return Stopwatch.GetElapsedTime(0);
        }

        _ = ClockGetTime(ClockThreadCpuTime, out var time);
        return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return ClockGetTime(ClockThreadCpuTime, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
