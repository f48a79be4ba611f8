using UnIT.Model;

namespace UnIT.Costs;

/// <summary>One kind of event a layer incurs a fixed number of times, whatever its input.</summary>
public readonly record struct FixedEvent(CostEvent Event, long Count);

/// <summary>
/// The counting rule of layers whose events do not depend on the input (ReLU and pooling), in one place: the
/// interpreter counts them, the kernel descriptions add them as constants, the network description prices them
/// (ReLU's cleared elements, which do depend on it, are counted where the layer runs).
/// </summary>
public static class FixedEvents
{
    /// <summary>
    /// ReLU: one test per element (the cleared ones add <see cref="CostEvent.ReluClear"/>, <see cref="ReluCleared{T}"/>):
    /// <see cref="CostEvent.ReluTestZero"/> when the Q15 threshold <paramref name="quantizedThreshold"/> is 0 (the
    /// compare's constant #1 comes from the constant generator), <see cref="CostEvent.ReluTest"/> otherwise.
    /// </summary>
    public static FixedEvent[] Relu(long elements, int quantizedThreshold) =>
        [new(quantizedThreshold == 0 ? CostEvent.ReluTestZero : CostEvent.ReluTest, elements)];

    /// <summary>
    /// ReLU's one input-dependent event, counted beside its fixed one: the elements it cleared, which are the outputs
    /// that are 0 (θ ≥ 0, so every kept element is above 0).
    /// </summary>
    public static long ReluCleared<T>(ReadOnlySpan<T> output)
        where T : IEquatable<T>
    {
        long cleared = 0;
        foreach (var value in output)
        {
            if (value.Equals(default!))
            {
                cleared++;
            }
        }

        return cleared;
    }

    /// <summary>Pooling: one read per window element of every output, then one output step.</summary>
    public static FixedEvent[] Pool(bool isMax, long outputs, long window) => isMax
        ? [new(CostEvent.MaxPoolRead, outputs * window), new(CostEvent.MaxPoolOutput, outputs)]
        : [new(CostEvent.AvgPoolRead, outputs * window), new(CostEvent.AvgPoolOutput, outputs)];

    /// <summary>
    /// The window tests of an output-stationary convolution (Dense, Gather): every stored tap at every output position
    /// when some window reaches into the padding, none otherwise.
    /// </summary>
    public static long WindowTests(ConvGeometry geometry, long storedTaps) =>
        geometry.WindowsAllInside ? 0 : (long)geometry.OutputPositions * storedTaps;

    /// <summary>The events as counters.</summary>
    public static EventCounts Counts(IEnumerable<FixedEvent> events)
    {
        var counts = default(EventCounts);
        foreach (var e in events)
        {
            counts[e.Event] += e.Count;
        }

        return counts;
    }

    /// <summary>The events' cycles on <paramref name="profile"/>.</summary>
    public static double Cycles(IEnumerable<FixedEvent> events, CostProfile profile)
    {
        var cycles = 0d;
        foreach (var e in events)
        {
            cycles += e.Count * profile.CyclesPer(e.Event);
        }

        return cycles;
    }
}
