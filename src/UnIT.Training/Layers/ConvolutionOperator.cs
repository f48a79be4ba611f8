using System.Numerics.Tensors;
using UnIT.Model;
using UnIT.Training.Numerics;

namespace UnIT.Training.Layers;

/// <summary>
/// Conv2d and Conv1d (height 1) with stride, zero padding and dilation, as im2col plus a matrix product over the
/// whole chunk: <c>Y[o, s·P + p] = b[o] + Σ_k W[o, k] · columns[k, s·P + p]</c>, rows long enough to vectorise well.
/// A grouped (or depthwise) convolution reads only the column rows of its group's input channels.
/// </summary>
internal sealed class ConvolutionOperator(string label, TrainableLayer layer)
    : LayerOperator(label, layer.Geometry.InputCount, layer.Geometry.OutputCount)
{
    private readonly ConvGeometry _g = layer.Geometry;

    public override TrainableLayer Trainable => layer;

    public override OperatorScratch CreateScratch(int maxSamples) => new Scratch(_g, maxSamples, layer.Bias?.Count ?? 0);

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int samples, OperatorScratch scratch)
    {
        var state = (Scratch)scratch;
        var positions = _g.OutputPositions;
        var width = samples * positions;
        var columns = state.Columns.AsSpan(0, ColumnRows(_g) * width);
        Im2Col.Expand(_g, input, samples, columns);

        var weights = layer.EffectiveWeights;
        var bias = layer.EffectiveBias;
        var product = state.Product.AsSpan(0, _g.OutChannels * width);
        for (var o = 0; o < _g.OutChannels; o++)
        {
            var row = product.Slice(o * width, width);
            row.Fill(bias.IsEmpty ? 0f : bias[o]);
            var kernel = weights.Slice(o * _g.FanIn, _g.FanIn);
            var first = FirstColumnRow(o);
            for (var k = 0; k < kernel.Length; k++)
            {
                if (kernel[k] != 0f)
                {
                    TensorPrimitives.MultiplyAdd(columns.Slice((first + k) * width, width), kernel[k], row, row);
                }
            }
        }

        // [out, samples·P] back to the per-sample layout [samples, out, P].
        for (var s = 0; s < samples; s++)
        {
            for (var o = 0; o < _g.OutChannels; o++)
            {
                product.Slice((o * width) + (s * positions), positions).CopyTo(output.Slice(((s * _g.OutChannels) + o) * positions, positions));
            }
        }
    }

    public override void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int samples, OperatorScratch scratch)
    {
        var state = (Scratch)scratch;
        var positions = _g.OutputPositions;
        var width = samples * positions;
        var columns = state.Columns.AsSpan(0, ColumnRows(_g) * width);

        // The output gradient in the product's layout [out, samples·P].
        var productGradient = state.Product.AsSpan(0, _g.OutChannels * width);
        for (var s = 0; s < samples; s++)
        {
            for (var o = 0; o < _g.OutChannels; o++)
            {
                outputGradient.Slice(((s * _g.OutChannels) + o) * positions, positions).CopyTo(productGradient.Slice((o * width) + (s * positions), positions));
            }
        }

        // dW = dY · columnsᵀ, db = row sums of dY.
        for (var o = 0; o < _g.OutChannels; o++)
        {
            var rowGradient = productGradient.Slice(o * width, width);
            var first = FirstColumnRow(o);
            for (var k = 0; k < _g.FanIn; k++)
            {
                state.WeightGradient[(o * _g.FanIn) + k] = FixedOrder.Dot(rowGradient, columns.Slice((first + k) * width, width));
            }

            if (state.BiasGradient.Length > 0)
            {
                state.BiasGradient[o] = FixedOrder.Sum(rowGradient);
            }
        }

        if (inputGradient.IsEmpty)
        {
            return;
        }

        // d(columns) = Wᵀ · dY, then scattered back onto the input positions.
        var weights = layer.EffectiveWeights;
        var columnGradient = state.ColumnGradient.AsSpan(0, ColumnRows(_g) * width);
        var window = _g.KernelHeight * _g.KernelWidth;
        for (var r = 0; r < ColumnRows(_g); r++)
        {
            var row = columnGradient.Slice(r * width, width);
            row.Clear();
            var (firstOutput, outputs) = _g.OutputChannelsOf(r / window);
            for (var o = firstOutput; o < firstOutput + outputs; o++)
            {
                var weight = weights[(o * _g.FanIn) + r - FirstColumnRow(o)];
                if (weight != 0f)
                {
                    TensorPrimitives.MultiplyAdd(productGradient.Slice(o * width, width), weight, row, row);
                }
            }
        }

        Im2Col.Accumulate(_g, columnGradient, samples, inputGradient);
    }

    /// <summary>Rows of the im2col matrix: one per input channel and kernel tap.</summary>
    private static int ColumnRows(ConvGeometry g) => g.InChannels * g.KernelHeight * g.KernelWidth;

    /// <summary>The im2col row of output channel <paramref name="o"/>'s first tap (its group's first input channel).</summary>
    private int FirstColumnRow(int o) => _g.InputChannelsOf(o).First * _g.KernelHeight * _g.KernelWidth;

    private sealed class Scratch(ConvGeometry g, int maxSamples, int biasCount) : ParameterScratch(g.WeightCount, biasCount)
    {
        /// <summary>im2col of the chunk's input, kept from the forward pass for the weight gradient.</summary>
        public float[] Columns { get; } = new float[ColumnRows(g) * maxSamples * g.OutputPositions];

        /// <summary>The product (forward) and then the output gradient (backward) in <c>[out, samples·P]</c> layout.</summary>
        public float[] Product { get; } = new float[g.OutChannels * maxSamples * g.OutputPositions];

        /// <summary>The gradient of <see cref="Columns"/>; allocated on first use (the first layer never needs it).</summary>
        public float[] ColumnGradient => field ??= new float[Columns.Length];
    }
}
