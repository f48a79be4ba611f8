namespace UnIT.Model;

/// <summary>
/// The index arithmetic of a convolution, with 1-D convolutions as height 1 and dense layers as a 1x1
/// convolution over a 1x1 map, so one set of loops (and one set of event counts) serves all three.
/// Output <c>(o, oy, ox)</c> reads input <c>(c, oy·sh + ky·dh − ph, ox·sw + kx·dw − pw)</c>.
/// </summary>
public sealed record ConvGeometry(
    int InChannels,
    int InHeight,
    int InWidth,
    int OutChannels,
    int OutHeight,
    int OutWidth,
    int KernelHeight,
    int KernelWidth,
    int StrideHeight,
    int StrideWidth,
    int PaddingHeight,
    int PaddingWidth,
    int DilationHeight,
    int DilationWidth)
{
    /// <summary>Weights per output channel: <c>in · kh · kw</c>.</summary>
    public int FanIn => InChannels * KernelHeight * KernelWidth;

    /// <summary>Total weights: <c>out · in · kh · kw</c>.</summary>
    public int WeightCount => OutChannels * FanIn;

    /// <summary>Output elements.</summary>
    public int OutputCount => OutChannels * OutHeight * OutWidth;

    /// <summary>Input elements.</summary>
    public int InputCount => InChannels * InHeight * InWidth;

    /// <summary>Output positions per channel.</summary>
    public int OutputPositions => OutHeight * OutWidth;

    /// <summary>Dense MACs: <c>Ho · Wo · Co · Kh · Kw · Ci</c> (padding taps included, as usually counted).</summary>
    public long DenseMacs => (long)OutputCount * FanIn;

    /// <summary>True for a fully connected layer (1x1 map, 1x1 kernel).</summary>
    public bool IsFullyConnected =>
        InHeight == 1 && InWidth == 1 && KernelHeight == 1 && KernelWidth == 1 && OutHeight == 1 && OutWidth == 1;

    /// <summary>True when every input pixel feeds outputs through a stride-1, dilation-1 window (scatter kernels need it).</summary>
    public bool IsUnitStride => StrideHeight == 1 && StrideWidth == 1 && DilationHeight == 1 && DilationWidth == 1;

    /// <summary>Flat index of weight <c>(o, c, ky, kx)</c> in the row-major <c>[out, in, kh, kw]</c> tensor.</summary>
    public int WeightIndex(int o, int c, int ky, int kx) => (((o * InChannels) + c) * KernelHeight + ky) * KernelWidth + kx;

    /// <summary>Flat index of input <c>(c, y, x)</c>.</summary>
    public int InputIndex(int c, int y, int x) => ((c * InHeight) + y) * InWidth + x;

    /// <summary>Flat index of output <c>(o, y, x)</c>.</summary>
    public int OutputIndex(int o, int y, int x) => ((o * OutHeight) + y) * OutWidth + x;
}
