namespace UnIT.Model;

/// <summary>
/// The window and border rules of a convolution: which output positions read only inside the input (output-stationary
/// kernels), which input pixels scatter only inside the output map (input-stationary kernels, stride 1), and the taps
/// valid at a border.
/// </summary>
public sealed partial record ConvGeometry
{
    /// <summary>
    /// Output rows <c>[Y0, Y1)</c> and columns <c>[X0, X1)</c> at which every tap reads inside the input (all zero when
    /// there are none): output-stationary kernels run these without bounds tests.
    /// </summary>
    public (int Y0, int Y1, int X0, int X1) InteriorOutputs
    {
        get
        {
            var (y0, y1) = InteriorRange(OutHeight, InHeight, KernelHeight, StrideHeight, PaddingHeight, DilationHeight);
            var (x0, x1) = InteriorRange(OutWidth, InWidth, KernelWidth, StrideWidth, PaddingWidth, DilationWidth);
            return (y0, y1, x0, x1);
        }
    }

    /// <summary>Whether every output position's window lies inside the input (no position needs a bounds test).</summary>
    public bool WindowsAllInside => InteriorOutputs == (0, OutHeight, 0, OutWidth);

    /// <summary>Output positions at which the tap <c>(ky, kx)</c> reads inside the input (the positions it reaches).</summary>
    public long PositionsReached(int ky, int kx) =>
        ReachedLength(OutHeight, InHeight, StrideHeight, PaddingHeight, ky * DilationHeight)
        * ReachedLength(OutWidth, InWidth, StrideWidth, PaddingWidth, kx * DilationWidth);

    /// <summary>
    /// Stride 1: input pixel <c>(y, x)</c> feeds, through tap <c>(ky, kx)</c>, output <c>(y + RowShift − ky, x + ColumnShift − kx)</c>.
    /// Scatter kernels spell their window tests and valid-tap ranges with these shifts.
    /// </summary>
    public int ScatterRowShift => PaddingHeight;

    /// <summary>The column counterpart of <see cref="ScatterRowShift"/>.</summary>
    public int ScatterColumnShift => PaddingWidth;

    /// <summary>
    /// Stride 1: input rows <c>[IY0, IY1)</c> and columns <c>[IX0, IX1)</c> whose whole fan-out lands inside the output
    /// map (bounds may fall outside the input: then no pixel of that side is interior).
    /// </summary>
    public (int IY0, int IY1, int IX0, int IX1) InteriorInputs =>
        (KernelHeight - 1 - ScatterRowShift, InHeight + ScatterRowShift - KernelHeight + 1,
         KernelWidth - 1 - ScatterColumnShift, InWidth + ScatterColumnShift - KernelWidth + 1);

    /// <summary>Stride 1: whether every tap of input pixel <c>(y, x)</c> lands inside the output map (no window test).</summary>
    public bool IsInteriorInput(int y, int x)
    {
        var (iy0, iy1, ix0, ix1) = InteriorInputs;
        return y >= iy0 && y < iy1 && x >= ix0 && x < ix1;
    }

    /// <summary>
    /// Stride 1: the kernel rows and columns through which input pixel <c>(y, x)</c> reaches the output map: taps with
    /// <c>ky</c> in <c>[FirstRow, LastRow]</c> and <c>kx</c> in <c>[FirstColumn, LastColumn]</c>; empty ranges when it reaches none.
    /// </summary>
    public (int FirstRow, int LastRow, int FirstColumn, int LastColumn) ValidTaps(int y, int x) =>
        (Math.Max(0, y + ScatterRowShift - OutHeight + 1), Math.Min(KernelHeight - 1, y + ScatterRowShift),
         Math.Max(0, x + ScatterColumnShift - OutWidth + 1), Math.Min(KernelWidth - 1, x + ScatterColumnShift));

    /// <summary>Stride 1: the output position input pixel <c>(y, x)</c> feeds through tap <c>(ky, kx)</c>, and whether it lies in the map.</summary>
    public bool TryOutputPosition(int y, int x, int ky, int kx, out int outY, out int outX)
    {
        outY = y + ScatterRowShift - ky;
        outX = x + ScatterColumnShift - kx;
        return outY >= 0 && outY < OutHeight && outX >= 0 && outX < OutWidth;
    }

    /// <summary>Stride 1: the flat output position input pixel <c>(y, x)</c> feeds through tap <c>(0, 0)</c> of output channel 0.</summary>
    public int ScatterBase(int y, int x) => ((y + ScatterRowShift) * OutWidth) + x + ScatterColumnShift;

    /// <summary>Stride 1: where weight <paramref name="weightIndex"/>'s product goes relative to <see cref="ScatterBase"/>: <c>o·Ho·Wo − ky·Wo − kx</c>.</summary>
    public int ScatterOffset(int weightIndex) =>
        (OutputChannelOf(weightIndex) * OutputPositions) - (KernelRowOf(weightIndex) * OutWidth) - KernelColumnOf(weightIndex);

    /// <summary>The output rows (or columns) <c>[first, last)</c> at which every tap reads inside the input.</summary>
    private static (int First, int Last) InteriorRange(int outLength, int inLength, int kernel, int stride, int padding, int dilation)
    {
        var first = (padding + stride - 1) / stride;
        var reach = inLength - 1 - ((kernel - 1) * dilation) + padding;
        var last = reach < 0 ? 0 : Math.Min((reach / stride) + 1, outLength);
        return first >= last ? (0, 0) : (first, last);
    }

    private static long ReachedLength(int outLength, int inLength, int stride, int padding, int offset)
    {
        long count = 0;
        for (var o = 0; o < outLength; o++)
        {
            var i = (o * stride) - padding + offset;
            if (i >= 0 && i < inLength)
            {
                count++;
            }
        }

        return count;
    }
}
