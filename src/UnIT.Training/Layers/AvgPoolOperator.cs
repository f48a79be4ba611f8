using UnIT.Model;

namespace UnIT.Training.Layers;

/// <summary>AvgPool2d, no padding, floor mode: the mean of each window; the gradient is shared equally.</summary>
internal sealed class AvgPoolOperator(string label, PoolingLayer pool, PoolGeometry geometry)
    : LayerOperator(label, geometry.InputCount, geometry.OutputCount)
{
    private readonly float _windowSize = pool.KernelHeight * pool.KernelWidth;

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int samples, OperatorScratch scratch)
    {
        var g = geometry;
        for (var plane = 0; plane < samples * g.Channels; plane++)
        {
            var source = input.Slice(plane * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var sum = 0f;
                    for (var ky = 0; ky < pool.KernelHeight; ky++)
                    {
                        for (var kx = 0; kx < pool.KernelWidth; kx++)
                        {
                            sum += source[(((oy * pool.StrideHeight) + ky) * g.InWidth) + (ox * pool.StrideWidth) + kx];
                        }
                    }

                    output[(plane * g.OutHeight * g.OutWidth) + (oy * g.OutWidth) + ox] = sum / _windowSize;
                }
            }
        }
    }

    public override void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int samples, OperatorScratch scratch)
    {
        if (inputGradient.IsEmpty)
        {
            return;
        }

        var g = geometry;
        inputGradient.Slice(0, samples * InputSize).Clear();
        for (var plane = 0; plane < samples * g.Channels; plane++)
        {
            var destination = inputGradient.Slice(plane * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var share = outputGradient[(plane * g.OutHeight * g.OutWidth) + (oy * g.OutWidth) + ox] / _windowSize;
                    for (var ky = 0; ky < pool.KernelHeight; ky++)
                    {
                        for (var kx = 0; kx < pool.KernelWidth; kx++)
                        {
                            destination[(((oy * pool.StrideHeight) + ky) * g.InWidth) + (ox * pool.StrideWidth) + kx] += share;
                        }
                    }
                }
            }
        }
    }
}
