using UnIT.Model;

namespace UnIT.Training.Layers;

/// <summary>
/// MaxPool2d and MaxPool1d (height 1), no padding, floor mode. The gradient goes to the first maximum of each
/// window (PyTorch's choice on ties), remembered from the forward pass.
/// </summary>
internal sealed class MaxPoolOperator(string label, PoolingLayer pool, PoolGeometry geometry)
    : LayerOperator(label, geometry.InputCount, geometry.OutputCount)
{
    public override OperatorScratch CreateScratch(int maxSamples) => new Scratch(maxSamples * OutputSize);

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int samples, OperatorScratch scratch)
    {
        var winners = ((Scratch)scratch).Winners;
        var g = geometry;
        for (var plane = 0; plane < samples * g.Channels; plane++)
        {
            var source = input.Slice(plane * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var best = -1;
                    var bestValue = float.NegativeInfinity;
                    for (var ky = 0; ky < pool.KernelHeight; ky++)
                    {
                        for (var kx = 0; kx < pool.KernelWidth; kx++)
                        {
                            var index = (((oy * pool.StrideHeight) + ky) * g.InWidth) + (ox * pool.StrideWidth) + kx;
                            if (best < 0 || source[index] > bestValue)
                            {
                                best = index;
                                bestValue = source[index];
                            }
                        }
                    }

                    var outputIndex = (plane * g.OutHeight * g.OutWidth) + (oy * g.OutWidth) + ox;
                    output[outputIndex] = bestValue;
                    winners[outputIndex] = (plane * g.InHeight * g.InWidth) + best;
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

        var winners = ((Scratch)scratch).Winners;
        inputGradient.Slice(0, samples * InputSize).Clear();
        for (var i = 0; i < samples * OutputSize; i++)
        {
            inputGradient[winners[i]] += outputGradient[i];
        }
    }

    internal sealed class Scratch(int outputs) : OperatorScratch
    {
        /// <summary>For each output, the chunk-wide input index of the window's maximum.</summary>
        public int[] Winners { get; } = new int[outputs];
    }
}
