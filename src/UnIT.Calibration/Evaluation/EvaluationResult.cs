using UnIT.Costs;
using UnIT.Model;

namespace UnIT.Calibration.Evaluation;

/// <summary>What one evaluation of a network's settings measured on the calibration digits.</summary>
/// <param name="Definition">The settings evaluated.</param>
/// <param name="From">The first segment that was run (earlier ones were reused from the committed state).</param>
/// <param name="Runners">Runners of segments <c>From…</c>.</param>
/// <param name="Outputs">Per segment <c>From…</c> and digit, the segment's output (the last one: the network's).</param>
/// <param name="Costs">Events of segments <c>From…</c> (null entries when not priced).</param>
/// <param name="Predictions">The predicted class of every digit.</param>
/// <param name="Correct">Digits classified correctly.</param>
/// <param name="Count">Digits evaluated.</param>
/// <param name="PricedCount">The first digits whose events were counted (cycles are averaged over them).</param>
/// <param name="BaseVersion">The committed state it was made from.</param>
/// <param name="AllCosts">Events of every segment (committed ones before <c>From</c>); null entries when not priced.</param>
internal sealed record EvaluationResult(
    NetworkDefinition Definition,
    int From,
    IReadOnlyList<SegmentRunner> Runners,
    IReadOnlyList<float[][]> Outputs,
    IReadOnlyList<SegmentCosts?> Costs,
    IReadOnlyList<int> Predictions,
    int Correct,
    int Count,
    int PricedCount,
    long BaseVersion,
    IReadOnlyList<SegmentCosts?> AllCosts)
{
    /// <summary>Accuracy in percent.</summary>
    public double AccuracyPercent => 100.0 * Correct / Count;

    /// <summary>Whether every segment was priced.</summary>
    public bool IsPriced => AllCosts.All(c => c is not null);

    /// <summary>Emulated cycles per inference, each conv/dense layer with its cheapest priced implementation.</summary>
    public double Cycles => Priced().Sum(c => c.Cycles) / PricedCount;

    /// <summary>MACs performed per inference (with the cheapest implementations).</summary>
    public double Macs => Priced().Sum(c => (double)c.MacEvents.MacsPerformed) / PricedCount;

    /// <summary>Every layer's events with its cheapest implementation (summed over the priced digits), by whole-network definition index.</summary>
    public IReadOnlyDictionary<int, EventCounts> LayerEvents()
    {
        var events = new Dictionary<int, EventCounts>();
        foreach (var costs in Priced())
        {
            foreach (var (layer, counts) in costs.LayerEvents)
            {
                events[layer] = counts;
            }
        }

        return events;
    }

    /// <summary>The implementation each conv/dense layer is priced with (its cheapest), by definition index.</summary>
    public IReadOnlyDictionary<int, KernelImplementation> Implementations() =>
        Priced().Where(c => c.MacLayer >= 0).ToDictionary(c => c.MacLayer, c => c.Cheapest);

    private IEnumerable<SegmentCosts> Priced() =>
        AllCosts.Select(c => c ?? throw new InvalidOperationException("This evaluation was not priced."));
}
