namespace UnIT.Model;

/// <summary>
/// The index arithmetic of a convolution, with 1-D convolutions as height 1 and dense layers as a 1x1
/// convolution over a 1x1 map, so one set of loops (and one set of event counts) serves all three.
/// Output <c>(o, oy, ox)</c> reads input <c>(c, oy·sh + ky·dh − ph, ox·sw + kx·dw − pw)</c> for the input channels
/// <c>c</c> of its group (<see cref="Groups"/>; a depthwise convolution has one input channel per group).
/// The taps and the window/border rules live in the other parts of this record (<c>ConvGeometry.Taps.cs</c>,
/// <c>ConvGeometry.Regions.cs</c>); every interpreter, table builder and emitter walks them from here.
/// </summary>
public sealed partial record ConvGeometry(
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
    int DilationWidth,
    int Groups = 1)
{
    /// <summary>Input channels each output channel reads (all of them unless the convolution is grouped).</summary>
    public int InChannelsPerGroup => InChannels / Groups;

    /// <summary>Output channels each group produces.</summary>
    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>Weights per output channel: <c>in/groups · kh · kw</c>.</summary>
    public int FanIn => InChannelsPerGroup * KernelHeight * KernelWidth;

    /// <summary>Total weights: <c>out · in/groups · kh · kw</c>.</summary>
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

    /// <summary>
    /// Flat index of weight <c>(o, c, ky, kx)</c> in the row-major <c>[out, in/groups, kh, kw]</c> tensor; <c>c</c> is the
    /// input channel (one of <see cref="InputChannelsOf"/>(o)).
    /// </summary>
    public int WeightIndex(int o, int c, int ky, int kx) =>
        ((((o * InChannelsPerGroup) + (c - FirstInputChannel(o))) * KernelHeight) + ky) * KernelWidth + kx;

    /// <summary>The input channels output channel <paramref name="o"/> reads: <c>[First, First + Count)</c>.</summary>
    public (int First, int Count) InputChannelsOf(int o) => (FirstInputChannel(o), InChannelsPerGroup);

    /// <summary>The output channels input channel <paramref name="c"/> feeds: <c>[First, First + Count)</c>.</summary>
    public (int First, int Count) OutputChannelsOf(int c) => (c / InChannelsPerGroup * OutChannelsPerGroup, OutChannelsPerGroup);

    /// <summary>The output channel of flat weight index <paramref name="weightIndex"/>.</summary>
    public int OutputChannelOf(int weightIndex) => weightIndex / FanIn;

    /// <summary>The kernel row <c>ky</c> of flat weight index <paramref name="weightIndex"/>.</summary>
    public int KernelRowOf(int weightIndex) => weightIndex / KernelWidth % KernelHeight;

    /// <summary>The kernel column <c>kx</c> of flat weight index <paramref name="weightIndex"/>.</summary>
    public int KernelColumnOf(int weightIndex) => weightIndex % KernelWidth;

    private int FirstInputChannel(int o) => o / OutChannelsPerGroup * InChannelsPerGroup;

    /// <summary>Flat index of input <c>(c, y, x)</c>.</summary>
    public int InputIndex(int c, int y, int x) => ((c * InHeight) + y) * InWidth + x;

    /// <summary>Flat index of output <c>(o, y, x)</c>.</summary>
    public int OutputIndex(int o, int y, int x) => ((o * OutHeight) + y) * OutWidth + x;
}
