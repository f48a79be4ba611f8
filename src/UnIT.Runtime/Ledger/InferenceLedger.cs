using UnIT.Costs;

namespace UnIT.Ledger;

/// <summary>
/// Counts what an emulated MSP430 would spend, per layer, with 64-bit counters: MACs performed, comparisons,
/// quotients, loads and overheads (<see cref="CostEvent"/>). Kernels add to it; <c>CostReport</c> prices it with a
/// <see cref="CostProfile"/>. Not thread-safe: use one ledger per thread and <see cref="Add"/> them.
/// </summary>
public sealed class InferenceLedger
{
    private readonly EventCounts[] _layers;

    /// <summary>Creates an empty ledger for <paramref name="layout"/>.</summary>
    public InferenceLedger(LedgerLayout layout)
    {
        Layout = layout;
        _layers = new EventCounts[layout.Layers.Count];
    }

    /// <summary>What each row is.</summary>
    public LedgerLayout Layout { get; }

    /// <summary>Inferences counted so far.</summary>
    public long Inferences { get; set; }

    /// <summary>The counters of layer <paramref name="index"/>, by reference so kernels can add in place.</summary>
    public ref EventCounts Layer(int index) => ref _layers[index];

    /// <summary>Counters of every layer (a snapshot).</summary>
    public IReadOnlyList<EventCounts> Layers => _layers.ToArray();

    /// <summary>All layers summed.</summary>
    public EventCounts Total
    {
        get
        {
            var total = default(EventCounts);
            foreach (var layer in _layers)
            {
                total.Add(layer);
            }

            return total;
        }
    }

    /// <summary>Adds another ledger of the same layout (e.g. from another thread).</summary>
    public void Add(InferenceLedger other)
    {
        if (!Equals(other.Layout, Layout))
        {
            throw new ArgumentException("Only ledgers of the same network and layout can be added.", nameof(other));
        }

        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i].Add(other._layers[i]);
        }

        Inferences += other.Inferences;
    }

    /// <summary>Clears every counter.</summary>
    public void Reset()
    {
        Array.Clear(_layers, 0, _layers.Length);
        Inferences = 0;
    }
}
