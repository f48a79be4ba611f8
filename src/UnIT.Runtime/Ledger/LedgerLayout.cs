using UnIT.Collections;

namespace UnIT.Ledger;

/// <summary>The rows of a ledger and the settings the network ran with.</summary>
public sealed record LedgerLayout(
    string NetworkName,
    NumberFormat Format,
    TargetProfile Profile,
    DivisionApproximation Division,
    ImmutableEquatableArray<LayerDescriptor> Layers)
{
    /// <summary>Dense MACs of one inference over all layers.</summary>
    public long DenseMacs => Layers.Sum(l => l.DenseMacs);
}
