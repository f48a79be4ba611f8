using UnIT.Costs;
using UnIT.Ledger;

namespace UnIT.Calibration.Evaluation;

/// <summary>
/// A segment's events summed over the calibration digits: the other layers' once (they do not depend on the
/// implementation), the conv/dense layer's for every priced implementation, and which of those is cheapest.
/// </summary>
internal sealed class SegmentCosts
{
    private SegmentCosts(int macLayer, IReadOnlyList<KernelImplementation> implementations, IReadOnlyList<EventCounts> macByImplementation,
        IReadOnlyList<double> macCycles, int cheapest, IReadOnlyDictionary<int, EventCounts> otherLayers, double otherCycles)
    {
        MacLayer = macLayer;
        ImplementationsPriced = implementations;
        MacByImplementation = macByImplementation;
        MacCycles = macCycles;
        CheapestIndex = cheapest;
        OtherLayers = otherLayers;
        Cycles = otherCycles + (cheapest >= 0 ? macCycles[cheapest] : 0);
    }

    /// <summary>Definition index of the conv/dense layer (−1 when the segment has none).</summary>
    public int MacLayer { get; }

    /// <summary>The implementations priced.</summary>
    public IReadOnlyList<KernelImplementation> ImplementationsPriced { get; }

    /// <summary>The conv/dense layer's events per implementation.</summary>
    public IReadOnlyList<EventCounts> MacByImplementation { get; }

    /// <summary>The conv/dense layer's cycles (all digits) per implementation.</summary>
    public IReadOnlyList<double> MacCycles { get; }

    /// <summary>Index of the cheapest implementation (first on ties), −1 without a conv/dense layer.</summary>
    public int CheapestIndex { get; }

    /// <summary>The cheapest implementation.</summary>
    public KernelImplementation Cheapest => CheapestIndex >= 0 ? ImplementationsPriced[CheapestIndex] : KernelImplementation.Auto;

    /// <summary>The conv/dense layer's events with the cheapest implementation.</summary>
    public EventCounts MacEvents => CheapestIndex >= 0 ? MacByImplementation[CheapestIndex] : default;

    /// <summary>Events of the segment's other layers, by definition index.</summary>
    public IReadOnlyDictionary<int, EventCounts> OtherLayers { get; }

    /// <summary>Cycles of the whole segment over all digits, with the cheapest implementation.</summary>
    public double Cycles { get; }

    /// <summary>Every layer's events (the conv/dense one with its cheapest implementation), by definition index.</summary>
    public IEnumerable<(int Layer, EventCounts Events)> LayerEvents =>
        OtherLayers.Select(p => (p.Key, p.Value)).Concat(MacLayer >= 0 ? [(MacLayer, MacEvents)] : []);

    public static SegmentCosts From(SegmentRunner runner, InferenceLedger[] ledgers, CostProfile profile)
    {
        var others = new Dictionary<int, EventCounts>();
        double otherCycles = 0;
        var rows = ledgers[0].Layers;
        for (var r = 0; r < rows.Count; r++)
        {
            var original = runner.OriginalLayers[r];
            if (original < 0 || r == runner.MacRow)
            {
                continue;
            }

            others[original] = rows[r];
            otherCycles += profile.Cycles(rows[r]);
        }

        if (runner.MacRow < 0)
        {
            return new SegmentCosts(-1, [], [], [], -1, others, otherCycles);
        }

        var mac = ledgers.Select(l => l.Layers[runner.MacRow]).ToArray();
        var cycles = mac.Select(e => profile.Cycles(e)).ToArray();
        var cheapest = 0;
        for (var i = 1; i < cycles.Length; i++)
        {
            if (cycles[i] < cycles[cheapest])
            {
                cheapest = i;
            }
        }

        return new SegmentCosts(runner.OriginalLayers[runner.MacRow], runner.Implementations, mac, cycles, cheapest, others, otherCycles);
    }
}
