using UnIT.Costs;
using UnIT.Ledger;
using UnIT.Training.Data;

namespace UnIT.Calibration.DomainShift;

/// <summary>What one method did on one profile on a set of (shifted) test digits.</summary>
/// <param name="Digits">How many digits.</param>
/// <param name="Correct">How many it classified correctly.</param>
/// <param name="Macs">MACs performed per inference (mean).</param>
/// <param name="DenseMacs">MACs of the dense network per inference.</param>
/// <param name="Cycles">Emulated cycles per inference (mean).</param>
/// <param name="Cycles99">The 99th percentile of cycles per inference (nearest rank): UnIT's latency depends on the input.</param>
/// <param name="MaxCycles">The slowest inference.</param>
public sealed record ShiftMeasurement(int Digits, int Correct, double Macs, long DenseMacs, double Cycles, double Cycles99, double MaxCycles)
{
    /// <summary>Accuracy in percent.</summary>
    public double AccuracyPercent => 100.0 * Correct / Digits;

    /// <summary>
    /// Runs <paramref name="predict"/> on every digit of <paramref name="digits"/> in parallel (fixed chunks, each with its
    /// own ledger, so the result does not depend on the threads) and prices every inference with <paramref name="profile"/>.
    /// </summary>
    public static ShiftMeasurement Measure(Dataset digits, Func<InferenceLedger> createLedger, Func<ReadOnlySpan<float>, InferenceLedger, int> predict, CostProfile profile)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentNullException.ThrowIfNull(createLedger);
        ArgumentNullException.ThrowIfNull(predict);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfZero(digits.Count);
        const int Chunk = 50;
        var cycles = new double[digits.Count];
        var macs = new double[digits.Count];
        var correct = new int[(digits.Count + Chunk - 1) / Chunk];
        long denseMacs = 0;
        Parallel.For(0, correct.Length, c =>
        {
            var ledger = createLedger();
            for (var i = c * Chunk; i < Math.Min(digits.Count, (c + 1) * Chunk); i++)
            {
                ledger.Reset();
                correct[c] += predict(digits.Sample(i), ledger) == digits.Label(i) ? 1 : 0;
                var total = ledger.Total;
                cycles[i] = profile.Cycles(total);
                macs[i] = total.MacsPerformed;
            }

            Interlocked.Exchange(ref denseMacs, ledger.Layout.Layers.Sum(l => l.DenseMacs));
        });

        return new ShiftMeasurement(digits.Count, correct.Sum(), macs.Average(), denseMacs, cycles.Average(), Percentile(cycles, 0.99), cycles.Max());
    }

    /// <summary>The nearest-rank percentile: the smallest value at least <paramref name="share"/> of the values do not exceed.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double share)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(share * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
