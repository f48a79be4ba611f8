namespace UnIT.Training.Layers;

/// <summary>ReLU with activation threshold θ: <c>y = x &gt; θ ? x : 0</c>, gradient passed where <c>x &gt; θ</c>.</summary>
internal sealed class ReluOperator(string label, int size, float threshold) : LayerOperator(label, size, size)
{
    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int samples, OperatorScratch scratch)
    {
        var count = samples * InputSize;
        for (var i = 0; i < count; i++)
        {
            output[i] = input[i] > threshold ? input[i] : 0f;
        }
    }

    public override void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int samples, OperatorScratch scratch)
    {
        if (inputGradient.IsEmpty)
        {
            return;
        }

        var count = samples * InputSize;
        for (var i = 0; i < count; i++)
        {
            inputGradient[i] = input[i] > threshold ? outputGradient[i] : 0f;
        }
    }
}
