using UnIT.Preparation;

namespace UnIT.Interpreter;

/// <summary>Float32 for the interpreter's driver: activations are the floats themselves, layers run in <see cref="Float32Layers"/>.</summary>
internal readonly struct Float32Format : ILayerFormat<float>
{
    public float[] Encode(ReadOnlySpan<float> input) => input.ToArray();

    public void Decode(float[] activations, Span<float> output) => activations.AsSpan().CopyTo(output);

    public (long Candidates, long Kept, long NegativeSums) RunMac(MacLayerPlan plan, float[] input, float[] output, double[] magnitudes, double[] quotients) =>
        Float32Layers.RunMac(plan, input, output, magnitudes, quotients);

    public void Relu(PreparedReluLayer layer, float[] input, float[] output) => Float32Layers.Relu(layer, input, output);

    public void Pool(PreparedPoolLayer layer, float[] input, float[] output) => Float32Layers.Pool(layer, input, output);
}
