namespace UnIT;

/// <summary>How activations and weights are represented when a network runs (docs/semantics.md).</summary>
public enum NumberFormat
{
    /// <summary>IEEE-754 single precision: the reference format, matches a PyTorch forward pass.</summary>
    Float32 = 0,

    /// <summary>
    /// The MSP430's native format: int16 activations and weights with per-tensor power-of-two scales,
    /// wide integer accumulators, defined rounding and saturation (see <c>docs/semantics.md</c>).
    /// </summary>
    Q15 = 1,
}
