namespace UnIT.Training.Layers;

/// <summary>
/// Forward and backward pass of one layer over a chunk of samples stored one after another (each sample
/// row-major, PyTorch layout without the batch axis). One instance serves every chunk; whatever a chunk must
/// keep between its forward and backward pass lives in that chunk's own <see cref="OperatorScratch"/>, so chunks
/// can run on different threads.
/// </summary>
internal abstract class LayerOperator
{
    protected LayerOperator(string label, int inputSize, int outputSize)
    {
        Label = label;
        InputSize = inputSize;
        OutputSize = outputSize;
    }

    /// <summary>The layer's label (<c>conv1</c>, <c>relu2</c>, …).</summary>
    public string Label { get; }

    /// <summary>Input floats per sample.</summary>
    public int InputSize { get; }

    /// <summary>Output floats per sample.</summary>
    public int OutputSize { get; }

    /// <summary>The trainable layer this operator computes, if it has parameters.</summary>
    public virtual TrainableLayer? Trainable => null;

    /// <summary>Per-chunk working memory for up to <paramref name="maxSamples"/> samples.</summary>
    public virtual OperatorScratch CreateScratch(int maxSamples) => OperatorScratch.None;

    /// <summary>Computes <paramref name="output"/> (<c>samples · OutputSize</c>) from <paramref name="input"/>.</summary>
    public abstract void Forward(ReadOnlySpan<float> input, Span<float> output, int samples, OperatorScratch scratch);

    /// <summary>
    /// Given the loss gradient at the output, writes this chunk's parameter gradients into
    /// <paramref name="scratch"/> and, unless <paramref name="inputGradient"/> is empty (first layer), the loss
    /// gradient at the input. Runs after <see cref="Forward"/> on the same chunk and scratch.
    /// </summary>
    public abstract void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int samples, OperatorScratch scratch);
}

/// <summary>Per-chunk working memory of a <see cref="LayerOperator"/>.</summary>
internal class OperatorScratch
{
    /// <summary>For operators that need none.</summary>
    public static OperatorScratch None { get; } = new();
}

/// <summary>Per-chunk gradients of a conv or dense layer's weight and bias.</summary>
internal class ParameterScratch(int weightCount, int biasCount) : OperatorScratch
{
    /// <summary>This chunk's share of the weight gradient (already divided by the batch size).</summary>
    public float[] WeightGradient { get; } = new float[weightCount];

    /// <summary>This chunk's share of the bias gradient.</summary>
    public float[] BiasGradient { get; } = new float[biasCount];
}
