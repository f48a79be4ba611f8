namespace UnIT.Model;

/// <summary>The tap walks of a convolution: which weights an output reads, and which an input feeds.</summary>
public sealed partial record ConvGeometry
{
    /// <summary>The tap of weight <c>(o, c, ky, kx)</c>; <c>c</c> must be one of <see cref="InputChannelsOf"/>(o).</summary>
    public ConvTap Tap(int o, int c, int ky, int kx)
    {
        var row = ky * DilationHeight;
        var column = kx * DilationWidth;
        return new ConvTap(WeightIndex(o, c, ky, kx), o, c, ky, kx, row, column, InputIndex(c, row, column));
    }

    /// <summary>
    /// The taps output channel <paramref name="o"/> reads, in canonical order <c>(c, ky, kx)</c>: the order in which
    /// every kernel and the interpreter sum an output's products (ascending input index within a window).
    /// </summary>
    public IEnumerable<ConvTap> Taps(int o)
    {
        var (first, count) = InputChannelsOf(o);
        for (var c = first; c < first + count; c++)
        {
            for (var ky = 0; ky < KernelHeight; ky++)
            {
                for (var kx = 0; kx < KernelWidth; kx++)
                {
                    yield return Tap(o, c, ky, kx);
                }
            }
        }
    }

    /// <summary>Every output channel's taps, channel by channel, in canonical order.</summary>
    public IEnumerable<ConvTap> AllTaps()
    {
        for (var o = 0; o < OutChannels; o++)
        {
            foreach (var tap in Taps(o))
            {
                yield return tap;
            }
        }
    }

    /// <summary>
    /// The taps input channel <paramref name="c"/> feeds, in <c>(o, ky, kx)</c> order: the weights every pixel of the
    /// channel meets (its fan-out).
    /// </summary>
    public IEnumerable<ConvTap> TapsOfInputChannel(int c)
    {
        var (first, count) = OutputChannelsOf(c);
        for (var o = first; o < first + count; o++)
        {
            for (var ky = 0; ky < KernelHeight; ky++)
            {
                for (var kx = 0; kx < KernelWidth; kx++)
                {
                    yield return Tap(o, c, ky, kx);
                }
            }
        }
    }

    /// <summary>The input row and column of the window origin of output position <c>(oy, ox)</c> (may lie in the padding).</summary>
    public (int Row, int Column) WindowOrigin(int oy, int ox) =>
        ((oy * StrideHeight) - PaddingHeight, (ox * StrideWidth) - PaddingWidth);

    /// <summary>
    /// Whether <paramref name="tap"/> reads inside the input at output position <c>(oy, ox)</c> (padding taps read
    /// nothing), and the flat input index it reads.
    /// </summary>
    public bool TryRead(ConvTap tap, int oy, int ox, out int inputIndex)
    {
        var (row, column) = WindowOrigin(oy, ox);
        row += tap.RowOffset;
        column += tap.ColumnOffset;
        var inside = row >= 0 && row < InHeight && column >= 0 && column < InWidth;
        inputIndex = inside ? InputIndex(tap.InputChannel, row, column) : -1;
        return inside;
    }
}
