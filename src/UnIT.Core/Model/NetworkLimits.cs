namespace UnIT.Model;

/// <summary>
/// Bounds on what a network and its weight file may declare. They are far above anything an MSP430 (at most 256 KB of
/// FRAM) can hold, and low enough that every count, index and shape product fits an <see cref="int"/>: a value past them
/// is refused with a message instead of overflowing an arithmetic step or allocating gigabytes.
/// </summary>
public static class NetworkLimits
{
    /// <summary>The most elements any activation or weight tensor may have (2^24).</summary>
    public const int MaxElements = 1 << 24;

    /// <summary>The largest kernel size, stride, padding or dilation of a layer.</summary>
    public const int MaxExtent = 65_535;
}
