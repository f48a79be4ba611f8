using System.Numerics.Tensors;
using UnIT.Model;

namespace UnIT.Training;

/// <summary>
/// The trainable tensors of one conv or dense layer of a <see cref="TrainableNetwork"/>: weight, optional bias
/// and optional <see cref="WeightMask"/>. Weight shapes follow PyTorch: <c>[out, in, kh, kw]</c> (Conv2d),
/// <c>[out, in, k]</c> (Conv1d), <c>[out, in]</c> (Dense).
/// </summary>
public sealed class TrainableLayer
{
    private float[]? _maskedWeights;
    private float[]? _maskedBias;

    internal TrainableLayer(PrunableLayer definition, ConvGeometry geometry)
    {
        Definition = definition;
        Geometry = geometry;
        var weightShape = definition switch
        {
            DenseLayer => new[] { geometry.OutChannels, geometry.InChannels },
            ConvolutionLayer { SpatialDimensions: 1 } => new[] { geometry.OutChannels, geometry.InChannelsPerGroup, geometry.KernelWidth },
            _ => new[] { geometry.OutChannels, geometry.InChannelsPerGroup, geometry.KernelHeight, geometry.KernelWidth },
        };
        Weight = new Parameter(definition.Name + ".weight", weightShape);
        Bias = definition.HasBias ? new Parameter(definition.Name + ".bias", geometry.OutChannels) : null;
    }

    /// <summary>The layer's name, the <c>state_dict</c> prefix of its tensors.</summary>
    public string Name => Definition.Name;

    /// <summary>The layer as declared.</summary>
    public PrunableLayer Definition { get; }

    /// <summary>The layer's index arithmetic (dense layers are 1x1 convolutions over a 1x1 map).</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>The weight, <c>&lt;name&gt;.weight</c>.</summary>
    public Parameter Weight { get; }

    /// <summary>The bias, <c>&lt;name&gt;.bias</c>, unless the layer has none.</summary>
    public Parameter? Bias { get; }

    /// <summary>The weight mask, if one was added.</summary>
    public WeightMask? Mask { get; private set; }

    /// <summary>The layer's parameters: weight, then bias.</summary>
    public IEnumerable<Parameter> Parameters => Bias is null ? [Weight] : [Weight, Bias];

    /// <summary>Weights per output channel (<c>in · kh · kw</c>).</summary>
    public int WeightsPerChannel => Geometry.FanIn;

    /// <summary>Adds an all-ones mask (nothing pruned yet) and returns it.</summary>
    /// <exception cref="InvalidOperationException">The layer already has a mask.</exception>
    public WeightMask AddMask(MaskMode mode)
    {
        if (Mask is not null)
        {
            throw new InvalidOperationException($"Layer '{Name}' already has a mask; change its Mode or call RemoveMask first.");
        }

        Mask = new WeightMask(Geometry.OutChannels, Geometry.FanIn, mode);
        return Mask;
    }

    /// <summary>Removes the mask: every weight takes part again with the value it has now.</summary>
    public void RemoveMask() => Mask = null;

    /// <summary>
    /// The weight the forward pass uses, <c>w ⊙ m</c> (the weight itself when there is no mask), as of the last
    /// <see cref="RefreshEffectiveParameters"/>.
    /// </summary>
    internal ReadOnlySpan<float> EffectiveWeights => _maskedWeights is not null && Mask is not null ? _maskedWeights : Weight.Values;

    /// <summary>The bias the forward pass uses, <c>b ⊙ c</c>; empty when the layer has no bias.</summary>
    internal ReadOnlySpan<float> EffectiveBias =>
        Bias is null ? [] : _maskedBias is not null && Mask is not null ? _maskedBias : Bias.Values;

    /// <summary>Writes the weight and bias with the mask applied, e.g. for export: masked entries are exactly zero.</summary>
    public (float[] Weight, float[]? Bias) MaskedValues()
    {
        var weight = (float[])Weight.Values.Clone();
        var bias = (float[]?)Bias?.Values.Clone();
        if (Mask is not null)
        {
            ZeroMasked(weight, Mask.Values);
            if (bias is not null)
            {
                ZeroMasked(bias, Mask.ChannelValues);
            }
        }

        return (weight, bias);
    }

    /// <summary>Recomputes <see cref="EffectiveWeights"/> and <see cref="EffectiveBias"/>; call before a forward pass.</summary>
    internal void RefreshEffectiveParameters()
    {
        if (Mask is null)
        {
            return;
        }

        _maskedWeights ??= new float[Weight.Count];
        TensorPrimitives.Multiply(Weight.Values, Mask.Values, _maskedWeights);
        if (Bias is not null)
        {
            _maskedBias ??= new float[Bias.Count];
            TensorPrimitives.Multiply(Bias.Values, Mask.ChannelValues, _maskedBias);
        }
    }

    /// <summary>Frozen masks: zeroes the gradients of masked entries (Soft masks let them through).</summary>
    internal void MaskGradients()
    {
        if (Mask is { Mode: MaskMode.Frozen })
        {
            TensorPrimitives.Multiply(Weight.Gradient, Mask.Values, Weight.Gradient);
            if (Bias is not null)
            {
                TensorPrimitives.Multiply(Bias.Gradient, Mask.ChannelValues, Bias.Gradient);
            }
        }
    }

    /// <summary>Frozen masks: sets masked weights (and masked biases) to exactly zero.</summary>
    internal void ZeroFrozenEntries()
    {
        if (Mask is { Mode: MaskMode.Frozen })
        {
            ZeroMasked(Weight.Values, Mask.Values);
            if (Bias is not null)
            {
                ZeroMasked(Bias.Values, Mask.ChannelValues);
            }
        }
    }

    /// <summary>Copies values and mask from a layer of the same shape.</summary>
    internal void CopyFrom(TrainableLayer source)
    {
        source.Weight.Values.CopyTo(Weight.Values, 0);
        if (Bias is not null && source.Bias is not null)
        {
            source.Bias.Values.CopyTo(Bias.Values, 0);
        }

        if (source.Mask is null)
        {
            Mask = null;
        }
        else
        {
            Mask ??= new WeightMask(Geometry.OutChannels, Geometry.FanIn, source.Mask.Mode);
            Mask.CopyFrom(source.Mask);
        }
    }

    private static void ZeroMasked(float[] values, ReadOnlySpan<float> mask)
    {
        // Assign rather than multiply so the result is +0 even for negative weights.
        for (var i = 0; i < values.Length; i++)
        {
            if (mask[i] == 0f)
            {
                values[i] = 0f;
            }
        }
    }
}
