using UnIT.Collections;

namespace UnIT.Costs;

/// <summary>The price of one <see cref="CostEvent"/> on one profile: the instruction sequence it stands for.</summary>
public sealed record EventCost(CostEvent Event, string Description, ImmutableEquatableArray<Instruction> Sequence)
{
    /// <summary>Cycles without wait states: the sum over <see cref="Sequence"/>.</summary>
    public int Cycles => Sequence.Sum(i => i.Cycles);

    /// <summary>Code words fetched.</summary>
    public int Words => Sequence.Sum(i => i.Words);

    /// <summary>Data words read from FRAM.</summary>
    public int FramDataWords => Sequence.Sum(i => i.FramDataWords);

    /// <summary>True if any part of the price is an estimate.</summary>
    public bool IsEstimate => Sequence.Any(i => i.IsEstimate);
}
