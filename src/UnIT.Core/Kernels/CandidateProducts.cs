using UnIT.Model;
using UnIT.Preparation;

namespace UnIT.Kernels;

/// <summary>
/// Products a conv/dense layer could perform per inference: every non-zero weight times every output position
/// where its input tap lies inside the map (padding taps are never candidates). Dense kernels perform all of them;
/// Gather on a convolution compares all of them.
/// </summary>
public static class CandidateProducts
{
    /// <summary>Candidate products of <paramref name="layer"/> in <paramref name="format"/> (whose zero weights differ).</summary>
    public static long Count(PreparedMacLayer layer, NumberFormat format)
    {
        var g = layer.Geometry;
        long total = 0;
        for (var o = 0; o < g.OutChannels; o++)
        {
            for (var c = 0; c < g.InChannels; c++)
            {
                for (var ky = 0; ky < g.KernelHeight; ky++)
                {
                    for (var kx = 0; kx < g.KernelWidth; kx++)
                    {
                        var wi = g.WeightIndex(o, c, ky, kx);
                        var zero = format == NumberFormat.Q15 ? layer.QuantizedWeights[wi] == 0 : layer.Weights[wi] == 0f;
                        if (!zero)
                        {
                            total += ValidPositions(g, ky, kx);
                        }
                    }
                }
            }
        }

        return total;
    }

    /// <summary>Output positions at which kernel tap (ky, kx) reads inside the input.</summary>
    public static long ValidPositions(ConvGeometry g, int ky, int kx) =>
        ValidLength(g.OutHeight, g.InHeight, g.StrideHeight, g.PaddingHeight, ky * g.DilationHeight)
        * ValidLength(g.OutWidth, g.InWidth, g.StrideWidth, g.PaddingWidth, kx * g.DilationWidth);

    /// <summary>
    /// The output rows (or columns) <c>[first, last)</c> at which every kernel tap reads inside the input:
    /// output-stationary kernels run these fully unrolled and treat the rest as border positions.
    /// </summary>
    public static (int First, int Last) InteriorRange(int outLength, int inLength, int kernel, int stride, int padding, int dilation)
    {
        var first = (padding + stride - 1) / stride;
        var last = ((inLength - 1 - ((kernel - 1) * dilation) + padding) / stride) + 1;
        if (inLength - 1 - ((kernel - 1) * dilation) + padding < 0)
        {
            last = 0;
        }

        last = Math.Min(last, outLength);
        return first >= last ? (0, 0) : (first, last);
    }

    private static long ValidLength(int outLength, int inLength, int stride, int padding, int offset)
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
