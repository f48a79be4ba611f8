using UnIT.Collections;

namespace UnIT.Model;

/// <summary>
/// The UnIT settings of one prunable (conv or dense) layer (docs/semantics.md, "The UnIT rule").
/// </summary>
/// <param name="Threshold">
/// The layer threshold <c>T_l</c> in units of the float product <c>a·w</c>; <see langword="null"/> takes the network's default.
/// </param>
/// <param name="GroupSize">
/// Output channels (neurons) per threshold group, contiguous; 0 means the whole layer is one group.
/// </param>
/// <param name="GroupThresholds">One threshold per group; empty means every group uses <paramref name="Threshold"/>.</param>
/// <param name="Implementation">A forced kernel implementation, or <see cref="KernelImplementation.Auto"/>.</param>
/// <param name="OutputRange">
/// The largest <c>|output|</c> expected (declared or calibrated); sets the Q15 scale of the layer's output.
/// <see langword="null"/> uses a worst-case bound derived from the weights.
/// </param>
public sealed record PruningSettings(
    float? Threshold,
    int GroupSize,
    ImmutableEquatableArray<float> GroupThresholds,
    KernelImplementation Implementation,
    float? OutputRange)
{
    /// <summary>No threshold of its own, one group, planner's choice, no declared range.</summary>
    public static PruningSettings Default { get; } =
        new(null, 0, ImmutableEquatableArray<float>.Empty, KernelImplementation.Auto, null);
}
