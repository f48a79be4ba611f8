namespace UnIT.Model;

/// <summary>
/// Bounds on what a network may declare. They are far above anything an MSP430 (at most 256 KB of FRAM) can hold, and
/// low enough that every count, index and shape product fits an <see cref="int"/> and a build stays quick: a value past
/// them is refused with a message instead of overflowing an arithmetic step or generating gigabytes.
/// </summary>
public static class NetworkLimits
{
    /// <summary>The most elements any activation or weight tensor may have (2^20, 2 MB of Q15 weights).</summary>
    public const int MaxElements = 1 << 20;

    /// <summary>The largest kernel size, stride, padding or dilation of a layer.</summary>
    public const int MaxExtent = 1024;
}
