using System.Numerics.Tensors;
using UnIT.Training.Numerics;

namespace UnIT.Training.Layers;

/// <summary>A fully connected layer: <c>y[s, o] = b[o] + Σ_i W[o, i] · x[s, i]</c>.</summary>
internal sealed class DenseOperator(string label, TrainableLayer layer)
    : LayerOperator(label, layer.Geometry.InChannels, layer.Geometry.OutChannels)
{
    public override TrainableLayer Trainable => layer;

    public override OperatorScratch CreateScratch(int maxSamples) => new ParameterScratch(layer.Weight.Count, layer.Bias?.Count ?? 0);

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int samples, OperatorScratch scratch)
    {
        var weights = layer.EffectiveWeights;
        var bias = layer.EffectiveBias;
        for (var s = 0; s < samples; s++)
        {
            var x = input.Slice(s * InputSize, InputSize);
            for (var o = 0; o < OutputSize; o++)
            {
                output[(s * OutputSize) + o] = FixedOrder.Dot(weights.Slice(o * InputSize, InputSize), x) + (bias.IsEmpty ? 0f : bias[o]);
            }
        }
    }

    public override void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int samples, OperatorScratch scratch)
    {
        var state = (ParameterScratch)scratch;
        for (var o = 0; o < OutputSize; o++)
        {
            // dW[o, :] = Σ_s dy[s, o] · x[s, :], summed in sample order.
            var row = state.WeightGradient.AsSpan(o * InputSize, InputSize);
            row.Clear();
            var biasGradient = 0f;
            for (var s = 0; s < samples; s++)
            {
                var gradient = outputGradient[(s * OutputSize) + o];
                biasGradient += gradient;
                if (gradient != 0f)
                {
                    TensorPrimitives.MultiplyAdd(input.Slice(s * InputSize, InputSize), gradient, row, row);
                }
            }

            if (state.BiasGradient.Length > 0)
            {
                state.BiasGradient[o] = biasGradient;
            }
        }

        if (inputGradient.IsEmpty)
        {
            return;
        }

        // dx[s, :] = Σ_o dy[s, o] · W[o, :].
        var weights = layer.EffectiveWeights;
        for (var s = 0; s < samples; s++)
        {
            var destination = inputGradient.Slice(s * InputSize, InputSize);
            destination.Clear();
            for (var o = 0; o < OutputSize; o++)
            {
                var gradient = outputGradient[(s * OutputSize) + o];
                if (gradient != 0f)
                {
                    TensorPrimitives.MultiplyAdd(weights.Slice(o * InputSize, InputSize), gradient, destination, destination);
                }
            }
        }
    }
}
