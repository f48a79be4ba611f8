using System.Numerics.Tensors;
using UnIT.Model;

namespace UnIT.Training.Layers;

/// <summary>
/// The im2col rearrangement that turns a convolution over a chunk of samples into one matrix product:
/// <c>columns[k, s·P + p]</c> holds the input value that weight tap <c>k = (c, ky, kx)</c> meets at output position
/// <c>p = (oy, ox)</c> of sample <c>s</c> (zero in the padding), where <c>P = Ho·Wo</c>.
/// </summary>
internal static class Im2Col
{
    /// <summary>Fills <paramref name="columns"/> (<c>FanIn × samples·P</c>) from <paramref name="input"/> (<c>samples × C·H·W</c>).</summary>
    public static void Expand(ConvGeometry g, ReadOnlySpan<float> input, int samples, Span<float> columns)
    {
        var width = samples * g.OutputPositions;
        for (var c = 0; c < g.InChannels; c++)
        {
            for (var ky = 0; ky < g.KernelHeight; ky++)
            {
                for (var kx = 0; kx < g.KernelWidth; kx++)
                {
                    var row = columns.Slice((((c * g.KernelHeight) + ky) * g.KernelWidth + kx) * width, width);
                    for (var s = 0; s < samples; s++)
                    {
                        var plane = input.Slice(((s * g.InChannels) + c) * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
                        for (var oy = 0; oy < g.OutHeight; oy++)
                        {
                            var destination = row.Slice((s * g.OutputPositions) + (oy * g.OutWidth), g.OutWidth);
                            var iy = (oy * g.StrideHeight) + (ky * g.DilationHeight) - g.PaddingHeight;
                            if ((uint)iy >= (uint)g.InHeight)
                            {
                                destination.Clear();
                                continue;
                            }

                            CopyRow(g, kx, plane.Slice(iy * g.InWidth, g.InWidth), destination);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The transpose of <see cref="Expand"/>: adds every <c>columns</c> entry into the input element it came from.
    /// <paramref name="inputGradient"/> is overwritten.
    /// </summary>
    public static void Accumulate(ConvGeometry g, ReadOnlySpan<float> columns, int samples, Span<float> inputGradient)
    {
        inputGradient.Slice(0, samples * g.InputCount).Clear();
        var width = samples * g.OutputPositions;
        for (var c = 0; c < g.InChannels; c++)
        {
            for (var ky = 0; ky < g.KernelHeight; ky++)
            {
                for (var kx = 0; kx < g.KernelWidth; kx++)
                {
                    var row = columns.Slice((((c * g.KernelHeight) + ky) * g.KernelWidth + kx) * width, width);
                    for (var s = 0; s < samples; s++)
                    {
                        var plane = inputGradient.Slice(((s * g.InChannels) + c) * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
                        for (var oy = 0; oy < g.OutHeight; oy++)
                        {
                            var iy = (oy * g.StrideHeight) + (ky * g.DilationHeight) - g.PaddingHeight;
                            if ((uint)iy < (uint)g.InHeight)
                            {
                                AddRow(g, kx, row.Slice((s * g.OutputPositions) + (oy * g.OutWidth), g.OutWidth), plane.Slice(iy * g.InWidth, g.InWidth));
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>destination[ox] = source[ox·sw + kx·dw − pw], or 0 outside the input row.</summary>
    private static void CopyRow(ConvGeometry g, int kx, ReadOnlySpan<float> source, Span<float> destination)
    {
        var offset = (kx * g.DilationWidth) - g.PaddingWidth;
        if (g.StrideWidth == 1)
        {
            // Contiguous: one block copy between two runs of padding.
            var (first, end) = ValidRange(offset, g.InWidth, g.OutWidth);
            destination[..first].Clear();
            source.Slice(first + offset, end - first).CopyTo(destination[first..end]);
            destination[end..].Clear();
            return;
        }

        for (var ox = 0; ox < destination.Length; ox++)
        {
            var ix = (ox * g.StrideWidth) + offset;
            destination[ox] = (uint)ix < (uint)source.Length ? source[ix] : 0f;
        }
    }

    /// <summary>destination[ox·sw + kx·dw − pw] += source[ox] for positions inside the input row.</summary>
    private static void AddRow(ConvGeometry g, int kx, ReadOnlySpan<float> source, Span<float> destination)
    {
        var offset = (kx * g.DilationWidth) - g.PaddingWidth;
        if (g.StrideWidth == 1)
        {
            var (first, end) = ValidRange(offset, g.InWidth, g.OutWidth);
            var target = destination.Slice(first + offset, end - first);
            TensorPrimitives.Add(target, source[first..end], target);
            return;
        }

        for (var ox = 0; ox < source.Length; ox++)
        {
            var ix = (ox * g.StrideWidth) + offset;
            if ((uint)ix < (uint)destination.Length)
            {
                destination[ix] += source[ox];
            }
        }
    }

    /// <summary>For stride 1: the output positions <c>[first, end)</c> whose input <c>ox + offset</c> is inside the row.</summary>
    private static (int First, int End) ValidRange(int offset, int inWidth, int outWidth)
    {
        var first = Math.Clamp(-offset, 0, outWidth);
        var end = Math.Clamp(inWidth - offset, first, outWidth);
        return (first, end);
    }
}
