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
internal sealed record TimerOptions(TimeSpan WarmUp, TimeSpan Sample, int Rounds)
{
    public static TimerOptions Full { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(25), 31);

    public static TimerOptions Quick { get; } = new(TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(12), 11);
}

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
/// every child process. Warm-up runs every contender for a while, interleaved, so tiered compilation has promoted
/// the generated methods (and the interpreter) to optimised Tier 1 code before anything is timed; each sample is a
/// batch of inferences long enough (~10–25 ms) that timer resolution and the delegate call do not matter.
/// </para>
/// </remarks>
internal static class InterleavedTimer
{
    public static (Timing[] Timings, double[][] PerRound, double[][] WallPerRound) Measure(IReadOnlyList<Contender> contenders, TimerOptions options)
    {
        // Warm-up, interleaved in slices so every contender's code is hot and tiered up.
        var clock = Stopwatch.StartNew();
        var slice = options.WarmUp / 8;
        while (clock.Elapsed < options.WarmUp * contenders.Count)
        {
            foreach (var contender in contenders)
            {
                RunFor(contender, slice);
            }
        }

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
        return (timings, perRound, wallPerRound);
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
