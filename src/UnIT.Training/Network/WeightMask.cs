namespace UnIT.Training;

/// <summary>
/// A 0/1 mask over the weights of one conv or dense layer (same shape as the weight, row-major, so output
/// channel <c>o</c> owns elements <c>o·WeightsPerChannel … (o+1)·WeightsPerChannel − 1</c>), plus a 0/1 flag per
/// output channel that masks that channel's bias. The forward pass uses <c>w ⊙ m</c> and <c>b ⊙ c</c>.
/// </summary>
/// <remarks>
/// Element-wise pruning (<see cref="Prune"/>) leaves biases alone, as magnitude pruning does. Channel pruning
/// (<see cref="PruneChannel"/>) zeroes the channel's weights and its bias, so the channel's output is exactly
/// zero and the channel can later be removed from the network without changing what it computes.
/// </remarks>
public sealed class WeightMask
{
    private readonly float[] _weights;
    private readonly float[] _channels;

    internal WeightMask(int outputChannels, int weightsPerChannel, MaskMode mode)
    {
        OutputChannels = outputChannels;
        WeightsPerChannel = weightsPerChannel;
        Mode = mode;
        _weights = new float[outputChannels * weightsPerChannel];
        _channels = new float[outputChannels];
        Array.Fill(_weights, 1f);
        Array.Fill(_channels, 1f);
    }

    /// <summary>How masked weights train; may change at any time (e.g. <see cref="MaskMode.Soft"/> while searching,
    /// then <see cref="MaskMode.Frozen"/> to apply the masks for good).</summary>
    public MaskMode Mode { get; set; }

    /// <summary>Number of weights (the weight tensor's element count).</summary>
    public int Count => _weights.Length;

    /// <summary>Output channels (conv) or output features (dense).</summary>
    public int OutputChannels { get; }

    /// <summary>Weights per output channel: <c>in · kh · kw</c> (conv) or <c>in</c> (dense).</summary>
    public int WeightsPerChannel { get; }

    /// <summary>The weight mask, 1 = kept, 0 = pruned, in the weight's layout.</summary>
    public ReadOnlySpan<float> Values => _weights;

    /// <summary>The bias mask, one 1/0 per output channel (0 only for channels pruned as a whole).</summary>
    public ReadOnlySpan<float> ChannelValues => _channels;

    /// <summary>Number of kept (unmasked) weights.</summary>
    public int KeptCount
    {
        get
        {
            var kept = 0;
            foreach (var value in _weights)
            {
                kept += value != 0f ? 1 : 0;
            }

            return kept;
        }
    }

    /// <summary>Number of pruned weights.</summary>
    public int PrunedCount => Count - KeptCount;

    /// <summary>Whether weight <paramref name="index"/> is kept.</summary>
    public bool IsKept(int index) => _weights[index] != 0f;

    /// <summary>Masks weight <paramref name="index"/>.</summary>
    public void Prune(int index) => _weights[index] = 0f;

    /// <summary>Unmasks weight <paramref name="index"/> (its channel's bias stays as it is).</summary>
    public void Restore(int index) => _weights[index] = 1f;

    /// <summary>Masks every weight of output channel <paramref name="channel"/> and its bias.</summary>
    public void PruneChannel(int channel)
    {
        ChannelWeights(channel).Clear();
        _channels[channel] = 0f;
    }

    /// <summary>Unmasks every weight of output channel <paramref name="channel"/> and its bias.</summary>
    public void RestoreChannel(int channel)
    {
        ChannelWeights(channel).Fill(1f);
        _channels[channel] = 1f;
    }

    /// <summary>Whether channel <paramref name="channel"/> was pruned as a whole (its bias is masked).</summary>
    public bool IsChannelPruned(int channel) => _channels[channel] == 0f;

    /// <summary>Kept weights of output channel <paramref name="channel"/>.</summary>
    public int KeptInChannel(int channel)
    {
        var kept = 0;
        foreach (var value in ChannelWeights(channel))
        {
            kept += value != 0f ? 1 : 0;
        }

        return kept;
    }

    /// <summary>Sets the whole weight mask from <paramref name="kept"/> (true = kept); channel flags are unchanged.</summary>
    public void SetWeights(ReadOnlySpan<bool> kept)
    {
        if (kept.Length != Count)
        {
            throw new ArgumentException($"The mask has {Count} weights but {kept.Length} values were given.", nameof(kept));
        }

        for (var i = 0; i < kept.Length; i++)
        {
            _weights[i] = kept[i] ? 1f : 0f;
        }
    }

    /// <summary>Copies another mask of the same size, including its mode.</summary>
    public void CopyFrom(WeightMask source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.OutputChannels != OutputChannels || source.WeightsPerChannel != WeightsPerChannel)
        {
            throw new ArgumentException("The masks differ in shape.", nameof(source));
        }

        source._weights.CopyTo(_weights, 0);
        source._channels.CopyTo(_channels, 0);
        Mode = source.Mode;
    }

    private Span<float> ChannelWeights(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, OutputChannels);
        return _weights.AsSpan(channel * WeightsPerChannel, WeightsPerChannel);
    }
}
