using UnIT.Model;

namespace UnIT.Preparation;

/// <summary>
/// One executable layer after binding weights and folding BatchNorm: everything a kernel or the reference
/// interpreter needs, for both number formats. BatchNorm layers do not appear (they live inside the layer before).
/// </summary>
public abstract class PreparedLayer
{
    private protected PreparedLayer(int definitionIndex, string label, TensorShape inputShape, TensorShape outputShape, QuantizationInfo quantization, bool inputIsNonNegative)
    {
        DefinitionIndex = definitionIndex;
        Label = label;
        InputShape = inputShape;
        OutputShape = outputShape;
        Quantization = quantization;
        InputIsNonNegative = inputIsNonNegative;
    }

    /// <summary>What the layer computes.</summary>
    public abstract LayerKind Kind { get; }

    /// <summary>Index of the layer in the network definition (declaration order, BatchNorm included).</summary>
    public int DefinitionIndex { get; }

    /// <summary>Stable label (<see cref="NetworkDefinition.LayerLabel"/>).</summary>
    public string Label { get; }

    /// <summary>Input activation shape.</summary>
    public TensorShape InputShape { get; }

    /// <summary>Output activation shape.</summary>
    public TensorShape OutputShape { get; }

    /// <summary>Q15 scales and ranges of the input and output activations.</summary>
    public QuantizationInfo Quantization { get; }

    /// <summary>True when every input activation is ≥ 0 (a ReLU precedes, through pools and flattens only).</summary>
    public bool InputIsNonNegative { get; }
}

/// <summary>
/// Q15 scales of a layer's input and output (<c>v ≈ q · 2^-scale</c>) and the ranges they were chosen from.
/// </summary>
/// <param name="InputScale">Scale of the input activations.</param>
/// <param name="OutputScale">Scale of the output activations.</param>
/// <param name="InputRange">Largest expected |input|.</param>
/// <param name="OutputRange">Largest expected |output|.</param>
/// <param name="OutputRangeSource">Where the output range came from ("declared", "calibrated", "bound from weights", "input").</param>
public sealed record QuantizationInfo(int InputScale, int OutputScale, double InputRange, double OutputRange, string OutputRangeSource);

/// <summary>ReLU with activation threshold θ.</summary>
public sealed class PreparedReluLayer : PreparedLayer
{
    internal PreparedReluLayer(int definitionIndex, string label, TensorShape shape, QuantizationInfo quantization, bool inputIsNonNegative, float threshold)
        : base(definitionIndex, label, shape, shape, quantization, inputIsNonNegative)
    {
        Threshold = threshold;
        QuantizedThreshold = Semantics.Q15.QuantizeThreshold(threshold, quantization.InputScale, Semantics.Q15.MaxValue);
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.ReLU;

    /// <summary>θ: outputs are <c>x &gt; θ ? x : 0</c>.</summary>
    public float Threshold { get; }

    /// <summary>⌊θ · 2^s⌋: in Q15, <c>x_q &gt; θ_q ? x_q : 0</c> is exactly the real test.</summary>
    public int QuantizedThreshold { get; }
}

/// <summary>Max or average pooling.</summary>
public sealed class PreparedPoolLayer : PreparedLayer
{
    internal PreparedPoolLayer(int definitionIndex, string label, TensorShape input, TensorShape output, QuantizationInfo quantization, bool inputIsNonNegative, PoolingLayer definition)
        : base(definitionIndex, label, input, output, quantization, inputIsNonNegative)
    {
        Definition = definition;
        Channels = input[0];
        (InHeight, InWidth) = input.Rank == 3 ? (input[1], input[2]) : (1, input[1]);
        (OutHeight, OutWidth) = output.Rank == 3 ? (output[1], output[2]) : (1, output[1]);
    }

    /// <inheritdoc/>
    public override LayerKind Kind => Definition.Kind;

    /// <summary>The declared pool.</summary>
    public PoolingLayer Definition { get; }

    /// <summary>Channels (unchanged by pooling).</summary>
    public int Channels { get; }

    /// <summary>Input height (1 for 1-D).</summary>
    public int InHeight { get; }

    /// <summary>Input width (length for 1-D).</summary>
    public int InWidth { get; }

    /// <summary>Output height (1 for 1-D).</summary>
    public int OutHeight { get; }

    /// <summary>Output width (length for 1-D).</summary>
    public int OutWidth { get; }

    /// <summary>Elements per window.</summary>
    public int WindowSize => Definition.KernelHeight * Definition.KernelWidth;
}

/// <summary>Flatten: a reinterpretation of the same buffer, no work.</summary>
public sealed class PreparedFlattenLayer : PreparedLayer
{
    internal PreparedFlattenLayer(int definitionIndex, string label, TensorShape input, TensorShape output, QuantizationInfo quantization, bool inputIsNonNegative)
        : base(definitionIndex, label, input, output, quantization, inputIsNonNegative)
    {
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Flatten;
}
