namespace UnIT.Training.Layers;

/// <summary>Flatten: samples are already stored row-major (C order), so values pass through unchanged.</summary>
internal sealed class FlattenOperator(string label, int size) : LayerOperator(label, size, size)
{
    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int samples, OperatorScratch scratch) =>
        input.Slice(0, samples * InputSize).CopyTo(output);

    public override void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int samples, OperatorScratch scratch)
    {
        if (!inputGradient.IsEmpty)
        {
            outputGradient.Slice(0, samples * InputSize).CopyTo(inputGradient);
        }
    }
}
