using UnIT.Model;
using UnIT.Semantics;

namespace UnIT.Preparation;

/// <summary>
/// A convolution or dense layer ready to run: BatchNorm folded in, thresholds resolved per output channel, UnIT
/// weight keys precomputed, and the Q15 version (quantised weights, bias, integer thresholds and keys) alongside.
/// Weights keep PyTorch's row-major <c>[out, in, kh, kw]</c> layout (dense: <c>[out, in, 1, 1]</c>).
/// </summary>
public sealed class PreparedMacLayer : PreparedLayer
{
    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly float[] _channelThresholds;
    private readonly float[] _keys;
    private readonly short[] _quantizedWeights;
    private readonly long[] _quantizedBias;
    private readonly int[] _quantizedChannelThresholds;
    private readonly int[] _quantizedKeys;
    private readonly Costs.CostEvent?[] _denseTapEvents = new Costs.CostEvent?[2];

    internal PreparedMacLayer(
        int definitionIndex,
        string label,
        TensorShape input,
        TensorShape output,
        QuantizationInfo quantization,
        bool inputIsNonNegative,
        PrunableLayer definition,
        ConvGeometry geometry,
        float[] weights,
        float[] bias,
        float[] channelThresholds,
        NetworkOptions options,
        int weightScale)
        : base(definitionIndex, label, input, output, quantization, inputIsNonNegative)
    {
        Definition = definition;
        Geometry = geometry;
        Division = options.Division;
        TableBits = options.ReciprocalTableBits;
        _weights = weights;
        _bias = bias;
        _channelThresholds = channelThresholds;
        ReferenceThreshold = UnitRule.ReferenceThreshold(channelThresholds);

        var fanIn = geometry.FanIn;
        _keys = new float[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            _keys[i] = weights[i] == 0f ? 0f : UnitRule.Key(weights[i], channelThresholds[i / fanIn], ReferenceThreshold);
        }

        WeightScale = weightScale;
        var productScale = quantization.InputScale + weightScale;
        RequantizeShift = productScale - quantization.OutputScale;
        _quantizedWeights = weights.Select(w => Q15.Quantize(w, weightScale)).ToArray();
        _quantizedBias = bias.Select(b => Q15.QuantizeWide(b, productScale)).ToArray();
        _quantizedChannelThresholds = channelThresholds.Select(t => Q15.QuantizeThreshold(t, productScale)).ToArray();
        QuantizedReferenceThreshold = _quantizedChannelThresholds.DefaultIfEmpty(0).Max();
        _quantizedKeys = new int[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var q = _quantizedWeights[i];
            _quantizedKeys[i] = q == 0 ? 0 : UnitRule.Key(q, _quantizedChannelThresholds[i / fanIn], QuantizedReferenceThreshold);
        }

        NonZeroWeights = weights.Count(w => w != 0f);
        QuantizedNonZeroWeights = _quantizedWeights.Count(w => w != 0);
    }

    /// <inheritdoc/>
    public override LayerKind Kind => Definition.Kind;

    /// <summary>The declared layer (threshold settings, requested implementation).</summary>
    public PrunableLayer Definition { get; }

    /// <summary>Index arithmetic (dense layers as a 1x1 convolution over a 1x1 map).</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>True for a dense (fully connected) layer.</summary>
    public bool IsDense => Definition is DenseLayer;

    /// <summary>The network's division approximation.</summary>
    public DivisionApproximation Division { get; }

    /// <summary>Index bits of the reciprocal table (<see cref="DivisionApproximation.ReciprocalLut"/>).</summary>
    public int TableBits { get; }

    /// <summary>Folded float weights, <c>[out, in, kh, kw]</c>.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>Folded float bias, one per output channel (zeros without a bias tensor).</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <summary>The UnIT threshold of each output channel's group (units of the float product a·w).</summary>
    public ReadOnlySpan<float> ChannelThresholds => _channelThresholds;

    /// <summary>The largest group threshold; the numerator of every quotient.</summary>
    public float ReferenceThreshold { get; }

    /// <summary>Float weight keys <c>|w|·T_ref/T_g</c>, per weight (0 where the weight is 0).</summary>
    public ReadOnlySpan<float> Keys => _keys;

    /// <summary>Non-zero float weights.</summary>
    public int NonZeroWeights { get; }

    /// <summary>Q15 scale of the weights.</summary>
    public int WeightScale { get; }

    /// <summary>Right shift from the accumulator scale (<c>s_in + s_w</c>) to the output scale.</summary>
    public int RequantizeShift { get; }

    /// <summary>Q15 weights.</summary>
    public ReadOnlySpan<short> QuantizedWeights => _quantizedWeights;

    /// <summary>Q15 bias at the accumulator scale.</summary>
    public ReadOnlySpan<long> QuantizedBias => _quantizedBias;

    /// <summary>Integer group thresholds on <c>|a_q|·|w_q|</c>, per output channel.</summary>
    public ReadOnlySpan<int> QuantizedChannelThresholds => _quantizedChannelThresholds;

    /// <summary>The largest integer group threshold <c>N</c>.</summary>
    public int QuantizedReferenceThreshold { get; }

    /// <summary>Integer weight keys, per weight (0 where the quantised weight is 0).</summary>
    public ReadOnlySpan<int> QuantizedKeys => _quantizedKeys;

    /// <summary>The weights a kernel of <paramref name="format"/> stores: the non-zero ones in that format.</summary>
    public int StoredWeights(NumberFormat format) => format == NumberFormat.Q15 ? QuantizedNonZeroWeights : NonZeroWeights;

    /// <summary>The event of one Dense tap of this layer in <paramref name="format"/> (<see cref="Costs.FixedEvents.DenseTap"/>), found once per format.</summary>
    public Costs.CostEvent DenseTapEvent(NumberFormat format)
    {
        var index = format == NumberFormat.Q15 ? 0 : 1;
        if (_denseTapEvents[index] is { } known)
        {
            return known;
        }

        var weights = format == NumberFormat.Q15 ? null : _weights;
        var quantized = _quantizedWeights;
        var stored = Geometry.AllTaps().Where(tap => weights is null ? quantized[tap.WeightIndex] != 0 : weights[tap.WeightIndex] != 0f);
        var found = Costs.FixedEvents.DenseTap(Geometry, stored);
        _denseTapEvents[index] = found;
        return found;
    }

    /// <summary>Non-zero Q15 weights.</summary>
    public int QuantizedNonZeroWeights { get; }

    /// <summary>The implementation the user forced, or <see cref="KernelImplementation.Auto"/>.</summary>
    public KernelImplementation RequestedImplementation => Definition.Pruning.Implementation;

    /// <summary>True when this layer can run the scatter kernels (Sorted, Bucketed): dense, or stride and dilation 1.</summary>
    public bool SupportsScatterKernels => SupportsScatter(Definition, Geometry);

    /// <summary>Whether a layer of this declaration and geometry can run the scatter kernels (Sorted, Bucketed): dense, or stride and dilation 1.</summary>
    public static bool SupportsScatter(PrunableLayer definition, ConvGeometry geometry) => definition is DenseLayer || geometry.IsUnitStride;

    /// <summary>True when UnIT is on for at least one group.</summary>
    public bool HasThreshold => ReferenceThreshold > 0f;
}
