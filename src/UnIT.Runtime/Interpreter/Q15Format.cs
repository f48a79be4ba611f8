using UnIT.Preparation;
using UnIT.Semantics;

namespace UnIT.Interpreter;

/// <summary>
/// Q15 for the interpreter's driver: the input quantised at the network's input scale, the output dequantised at the
/// last layer's, layers run in <see cref="Q15Layers"/>.
/// </summary>
internal readonly struct Q15Format(int inputScale, int outputScale) : ILayerFormat<short>
{
    public short[] Encode(ReadOnlySpan<float> input)
    {
        var activations = new short[input.Length];
        for (var j = 0; j < input.Length; j++)
        {
            activations[j] = Q15.Quantize(input[j], inputScale);
        }

        return activations;
    }

    public void Decode(short[] activations, Span<float> output)
    {
        for (var j = 0; j < activations.Length; j++)
        {
            output[j] = Q15.Dequantize(activations[j], outputScale);
        }
    }

    public (long Candidates, long Kept, long NegativeSums) RunMac(MacLayerPlan plan, short[] input, short[] output, double[] magnitudes, double[] quotients) =>
        Q15Layers.RunMac(plan, input, output, magnitudes, quotients);

    public void Relu(PreparedReluLayer layer, short[] input, short[] output) => Q15Layers.Relu(layer, input, output);

    public void Pool(PreparedPoolLayer layer, short[] input, short[] output) => Q15Layers.Pool(layer, input, output);
}
