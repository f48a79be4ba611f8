namespace UnIT.Training;

/// <summary>How a <see cref="WeightMask"/> treats the weights it masks.</summary>
public enum MaskMode
{
    /// <summary>
    /// Hard pruning: masked weights are zero and stay zero; their gradients are zeroed and every optimizer step
    /// is followed by re-zeroing them (so momentum or weight decay cannot revive them).
    /// </summary>
    Frozen,

    /// <summary>
    /// Soft pruning: the forward pass uses <c>w ⊙ m</c>, but the gradient of the masked product passes to every
    /// weight unmasked (straight-through), so masked weights keep training and a pruned weight or channel can
    /// come back when its mask is restored — what differentiable structured pruning needs.
    /// </summary>
    Soft,
}
