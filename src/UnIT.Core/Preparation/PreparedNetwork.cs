using UnIT.Model;
using UnIT.NumPy;
using UnIT.Semantics;

namespace UnIT.Preparation;

/// <summary>
/// A network definition bound to its weights: shapes checked, BatchNorm and a declared input normalisation folded,
/// thresholds and keys computed, Q15 scales chosen. The reference interpreter runs it; the source generator plans and emits kernels from it.
/// </summary>
public sealed class PreparedNetwork
{
    private PreparedNetwork(NetworkDefinition definition, string weightFileName, IReadOnlyList<PreparedLayer> layers, int inputScale)
    {
        Definition = definition;
        WeightFileName = weightFileName;
        Layers = layers;
        InputScale = inputScale;
    }

    /// <summary>The declared network.</summary>
    public NetworkDefinition Definition { get; }

    /// <summary>The weight file the tensors came from.</summary>
    public string WeightFileName { get; }

    /// <summary>Executable layers in order (BatchNorm folded away).</summary>
    public IReadOnlyList<PreparedLayer> Layers { get; }

    /// <summary>Q15 scale of the network input.</summary>
    public int InputScale { get; }

    /// <summary>Input shape.</summary>
    public TensorShape InputShape => Definition.InputShape;

    /// <summary>Output shape.</summary>
    public TensorShape OutputShape => Layers[Layers.Count - 1].OutputShape;

    /// <summary>The prunable layers.</summary>
    public IEnumerable<PreparedMacLayer> MacLayers => Layers.OfType<PreparedMacLayer>();

    /// <summary>
    /// Binds <paramref name="weights"/> to <paramref name="definition"/>.
    /// </summary>
    /// <exception cref="NetworkDefinitionException">The layer sequence or a setting is impossible.</exception>
    /// <exception cref="NumPyFormatException">A tensor is missing.</exception>
    /// <exception cref="WeightBindingException">A tensor has the wrong shape or holds NaN/Inf.</exception>
    public static PreparedNetwork Prepare(NetworkDefinition definition, WeightFile weights)
    {
        var shapes = NetworkShapes.Infer(definition);
        var options = definition.Options;
        InputNormalization.Check(definition);

        var layers = new List<PreparedLayer>();
        var range = (double)(options.InputRange ?? 1f);
        var scale = Q15.ScaleFor(range);
        var inputScale = scale;
        var nonNegative = false;
        for (var i = 0; i < definition.Layers.Count; i++)
        {
            var layer = definition.Layers[i];
            var label = definition.LayerLabel(i);
            var (input, output) = (shapes[i].Input, shapes[i].Output);
            switch (layer)
            {
                case PrunableLayer prunable:
                {
                    var geometry = NetworkShapes.Geometry(prunable, input);
                    var (w, b) = ReadWeights(weights, prunable, label, geometry);
                    if (i + 1 < definition.Layers.Count && definition.Layers[i + 1] is BatchNormLayer bn)
                    {
                        FoldBatchNorm(weights, bn, definition.LayerLabel(i + 1), geometry, w, b);
                    }

                    if (InputNormalization.FoldsInto(definition, i))
                    {
                        InputNormalization.Fold(options, geometry, w, b);
                    }

                    var thresholds = ChannelThresholds(definition, prunable);
                    var (outputRange, source) = prunable.Pruning.OutputRange is { } declared
                        ? ((double)declared, "declared")
                        : (OutputBound(geometry, w, b, range), "bound from weights");
                    var outputScale = Q15.ScaleFor(outputRange);

                    // Weights get the finest scale that leaves the 32-bit accumulators of the MCU room (Q15.MaxRequantizeShift).
                    var weightScale = Math.Max(Q15.MinScale, Math.Min(Q15.ScaleFor(w.Length == 0 ? 0 : w.Max(Math.Abs)), outputScale + Q15.MaxRequantizeShift - scale));
                    var quantization = new QuantizationInfo(scale, outputScale, range, outputRange, source);
                    layers.Add(new PreparedMacLayer(i, label, input, output, quantization, nonNegative, prunable, geometry, w, b, thresholds, options, weightScale));
                    (range, scale, nonNegative) = (outputRange, outputScale, false);
                    break;
                }

                case BatchNormLayer:
                    break; // folded into the layer before

                case ReluLayer relu:
                    layers.Add(new PreparedReluLayer(i, label, input, Unchanged(scale, range), nonNegative, relu.ActivationThreshold));
                    nonNegative = true;
                    break;

                case PoolingLayer pool:
                    layers.Add(new PreparedPoolLayer(i, label, input, output, Unchanged(scale, range), nonNegative, pool));
                    break;

                case FlattenLayer:
                    layers.Add(new PreparedFlattenLayer(i, label, input, output, Unchanged(scale, range), nonNegative));
                    break;

                default:
                    throw new NetworkDefinitionException(definition.Name, i, label, $"layer kind {layer.Kind} is not supported");
            }
        }

        return new PreparedNetwork(definition, weights.FileName, layers, inputScale);
    }

    private static QuantizationInfo Unchanged(int scale, double range) => new(scale, scale, range, range, "input");

    private static string Format(float value) => NetworkValidation.Format(value);

    /// <summary>
    /// The threshold of every output channel, from the layer threshold, the group size and the group thresholds
    /// (<see cref="NetworkValidation"/> has checked that they fit).
    /// </summary>
    private static float[] ChannelThresholds(NetworkDefinition definition, PrunableLayer layer)
    {
        var channels = layer.OutputChannels;
        var settings = layer.Pruning;
        var layerThreshold = definition.LayerThreshold(layer);
        var thresholds = new float[channels];
        var groupSize = settings.GroupSize == 0 ? channels : settings.GroupSize;
        for (var g = 0; g < channels / groupSize; g++)
        {
            thresholds.AsSpan(g * groupSize, groupSize).Fill(settings.GroupThresholds.Count == 0 ? layerThreshold : settings.GroupThresholds[g]);
        }

        return thresholds;
    }

    private static (float[] Weights, float[] Bias) ReadWeights(WeightFile file, PrunableLayer layer, string label, ConvGeometry g)
    {
        var weightName = layer.Name + ".weight";
        int[] expected = layer switch
        {
            DenseLayer => [g.OutChannels, g.InChannels],
            ConvolutionLayer { SpatialDimensions: 1 } => [g.OutChannels, g.InChannelsPerGroup, g.KernelWidth],
            _ => [g.OutChannels, g.InChannelsPerGroup, g.KernelHeight, g.KernelWidth],
        };
        var weights = ReadTensor(file, weightName, label, expected, ExpectedShapeHint(layer));
        var bias = layer.HasBias ? ReadTensor(file, layer.Name + ".bias", label, [g.OutChannels], "[out]") : new float[g.OutChannels];
        return (weights, bias);
    }

    private static string ExpectedShapeHint(PrunableLayer layer) => layer switch
    {
        DenseLayer => "[out_features, in_features] (PyTorch Linear; Keras Dense kernels are [in, out] and must be transposed)",
        ConvolutionLayer { SpatialDimensions: 1 } => "[out_channels, in_channels/groups, kernel] (PyTorch Conv1d)",
        _ => "[out_channels, in_channels/groups, kernel_h, kernel_w] (PyTorch Conv2d; Keras kernels are [kh, kw, in, out] and must be transposed)",
    };

    private static float[] ReadTensor(WeightFile file, string name, string label, int[] expected, string layout)
    {
        var tensor = file.Get(name);
        if (!tensor.Shape.SequenceEqual(expected))
        {
            throw new WeightBindingException(WeightBindingProblem.ShapeMismatch, file.FileName, name, label,
                $"its shape is [{string.Join(", ", tensor.Shape)}] but the layer needs [{string.Join(", ", expected)}], laid out {layout}",
                "make the layer's attribute match the exported model (channels, kernel size, the input shape), or export the matching tensor");
        }

        if (tensor.HasNonFinite(out var at))
        {
            throw new WeightBindingException(WeightBindingProblem.NonFiniteValue, file.FileName, name, label,
                $"element {at} is NaN or infinite",
                "the model diverged or was exported before training finished; retrain or repair the tensor (np.nan_to_num) and export again");
        }

        return tensor.ToSingleArray();
    }

    /// <summary>
    /// Folds inference-mode BatchNorm into the preceding layer: <c>w' = w·γ/√(σ²+ε)</c>, <c>b' = (b − μ)·γ/√(σ²+ε) + β</c>,
    /// each computed in double and rounded to float once.
    /// </summary>
    private static void FoldBatchNorm(WeightFile file, BatchNormLayer bn, string label, ConvGeometry g, float[] weights, float[] bias)
    {
        var channels = g.OutChannels;
        var gamma = ReadTensor(file, bn.Name + ".weight", label, [channels], "[channels]");
        var beta = ReadTensor(file, bn.Name + ".bias", label, [channels], "[channels]");
        var mean = ReadTensor(file, bn.Name + ".running_mean", label, [channels], "[channels]");
        var variance = ReadTensor(file, bn.Name + ".running_var", label, [channels], "[channels]");
        for (var c = 0; c < channels; c++)
        {
            if (variance[c] < 0)
            {
                throw new WeightBindingException(WeightBindingProblem.InvalidValue, file.FileName, bn.Name + ".running_var", label,
                    $"channel {c} has a negative variance ({Format(variance[c])})", "export the BatchNorm running statistics of a model in eval mode");
            }

            var factor = gamma[c] / Math.Sqrt(variance[c] + (double)bn.Epsilon);
            for (var i = c * g.FanIn; i < (c + 1) * g.FanIn; i++)
            {
                weights[i] = (float)(weights[i] * factor);
            }

            bias[c] = (float)(((bias[c] - (double)mean[c]) * factor) + beta[c]);
        }
    }

    /// <summary>A bound no output can exceed: <c>max_o |b_o| + Σ|w_o|·range_in</c>.</summary>
    private static double OutputBound(ConvGeometry g, float[] weights, float[] bias, double inputRange)
    {
        var bound = 0.0;
        for (var o = 0; o < g.OutChannels; o++)
        {
            var sum = Math.Abs((double)bias[o]);
            for (var i = o * g.FanIn; i < (o + 1) * g.FanIn; i++)
            {
                sum += Math.Abs((double)weights[i]) * inputRange;
            }

            bound = Math.Max(bound, sum);
        }

        return bound;
    }
}
