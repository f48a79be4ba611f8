using UnIT.Training.Data;
using UnIT.Training.Layers;

namespace UnIT.Training.Pruning;

/// <summary>
/// Measurements on fixed probe samples of the training data: the first-order Taylor salience of every channel of the
/// prunable layers, kept or masked, and the mean loss (which confirms feedback swaps).
/// </summary>
/// <remarks>
/// <para>
/// The salience of a kept channel <c>c</c> is <c>|Σ_{θ ∈ c} θ·∂L_s/∂θ|</c> (its weights and bias, the loss <c>L_s</c> of one
/// sample), averaged over the probe samples: the first-order change of each sample's loss if the channel's output were
/// zeroed (Molchanov et al. 2017). Per sample, because the gradient of a batch's mean loss vanishes at a trained optimum,
/// so <c>|Σ θ·∂L/∂θ|</c> of a batch is mostly noise there, while per-sample values say how much each sample relies on the
/// channel. The sum equals <c>|Σ δ·a|</c> over the channel's part of the input of the next conv/dense layer, where <c>a</c>
/// is that input and <c>δ</c> the loss gradient there: the pre-activation is linear in <c>θ</c>, and ReLU, max/average
/// pooling and flatten pass the product <c>δ·a</c> through unchanged (e.g. ReLU: <c>Σ δ_x·x = Σ δ_a·1[x&gt;θ]·x = Σ δ_a·a</c>).
/// That is how it is computed here.
/// </para>
/// <para>
/// For a masked channel the same formula is used with the activation the channel <em>would</em> have: its output computed
/// with its own (unmasked) weights and carried through the same ReLU, pooling and flatten, times the gradient the current
/// network has at those inputs of the next layer. That is the first-order change of the loss if the channel came back,
/// measured in the network as it is (its neighbours unchanged), on the same scale as a kept channel's value. (Lifting the
/// masks and measuring the gradient of the restored network instead inflates masked channels: the network has adapted to
/// their absence, so restoring them all at once disturbs it and every gradient grows.) The trainer's straight-through
/// gradient cannot serve: a masked channel's pre-activation is exactly zero, where ReLU passes no gradient.
/// </para>
/// </remarks>
internal sealed class ChannelProbe
{
    private readonly TrainableNetwork _network;
    private readonly TrainableLayer[] _layers;
    private readonly int[] _operator;
    private readonly int[] _next;
    private readonly Dataset _data;
    private readonly int[] _probe;
    private readonly int _batchSize;
    private readonly ParallelOptions _parallel;

    public ChannelProbe(TrainableNetwork network, IReadOnlyList<string> prunable, Dataset data, int[] probe, int batchSize, int maxDegreeOfParallelism)
    {
        _network = network;
        _layers = [.. prunable.Select(network.Layer)];
        var operators = network.Operators;
        _operator = [.. _layers.Select(layer => Enumerable.Range(0, operators.Count).Single(i => operators[i].Trainable == layer))];
        _next = [.. _operator.Select(i => Enumerable.Range(i + 1, operators.Count - i - 1).First(j => operators[j].Trainable is not null))];
        _data = data;
        _probe = probe;
        _batchSize = batchSize;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
    }

    /// <summary>Per prunable layer and channel: <c>|Σ δ·a|</c> averaged over the probe batches (kept: real, masked: would-be activation).</summary>
    public double[][] Measure()
    {
        var operators = _network.Operators;
        var batches = (_probe.Length + _batchSize - 1) / _batchSize;
        var workspaces = new ChunkWorkspace[batches];
        var values = new double[batches][][];
        _network.RefreshEffectiveParameters();
        Parallel.For(0, batches, _parallel, b =>
        {
            var samples = Math.Min(_batchSize, _probe.Length - (b * _batchSize));
            var workspace = workspaces[b] = new ChunkWorkspace(operators, _network.InputSize, samples);
            Run(workspace, _probe.AsSpan(b * _batchSize, samples));
            values[b] = [.. _layers.Select(layer => new double[layer.Geometry.OutChannels])];
            for (var l = 0; l < _layers.Length; l++)
            {
                var layer = _layers[l];
                var kept = Enumerable.Range(0, layer.Geometry.OutChannels).Where(c => layer.Mask?.IsChannelPruned(c) != true);
                Accumulate(values[b][l], layer, kept, workspace.Activations[_next[l]], workspace.Gradients[_next[l]], operators[_next[l]].InputSize, samples);
            }
        });

        var masked = _layers.Select(layer => Enumerable.Range(0, layer.Geometry.OutChannels).Where(c => layer.Mask?.IsChannelPruned(c) == true).ToArray()).ToArray();
        if (masked.Any(m => m.Length > 0))
        {
            // The would-be activations: the layer's output with its masks lifted, through the operators up to the next layer.
            foreach (var (layer, channels) in _layers.Zip(masked))
            {
                foreach (var c in channels)
                {
                    layer.Mask!.RestoreChannel(c);
                }
            }

            try
            {
                _network.RefreshEffectiveParameters();
                Parallel.For(0, batches, _parallel, b =>
                {
                    var workspace = workspaces[b];
                    var samples = workspace.MaxSamples;
                    for (var l = 0; l < _layers.Length; l++)
                    {
                        if (masked[l].Length == 0)
                        {
                            continue;
                        }

                        var current = workspace.Activations[_operator[l]];
                        for (var k = _operator[l]; k < _next[l]; k++)
                        {
                            var output = new float[samples * operators[k].OutputSize];
                            operators[k].Forward(current, output, samples, workspace.Scratches[k]);
                            current = output;
                        }

                        Accumulate(values[b][l], _layers[l], masked[l], current, workspace.Gradients[_next[l]], operators[_next[l]].InputSize, samples);
                    }
                });
            }
            finally
            {
                foreach (var (layer, channels) in _layers.Zip(masked))
                {
                    foreach (var c in channels)
                    {
                        layer.Mask!.PruneChannel(c);
                    }
                }

                _network.RefreshEffectiveParameters();
            }
        }

        // Average over samples, adding the batches in order so the result never depends on the threads.
        var result = _layers.Select(layer => new double[layer.Geometry.OutChannels]).ToArray();
        for (var l = 0; l < _layers.Length; l++)
        {
            for (var c = 0; c < result[l].Length; c++)
            {
                for (var b = 0; b < batches; b++)
                {
                    result[l][c] += values[b][l][c];
                }

                result[l][c] /= _probe.Length;
            }
        }

        return result;
    }

    /// <summary>The mean cross-entropy of the network as its masks are now, over the probe samples.</summary>
    public double Loss()
    {
        var operators = _network.Operators;
        var batches = (_probe.Length + _batchSize - 1) / _batchSize;
        var losses = new double[batches];
        _network.RefreshEffectiveParameters();
        Parallel.For(0, batches, _parallel, b =>
        {
            var indices = _probe.AsSpan(b * _batchSize, Math.Min(_batchSize, _probe.Length - (b * _batchSize)));
            var workspace = new ChunkWorkspace(operators, _network.InputSize, indices.Length);
            Load(workspace, indices);
            workspace.Forward(operators, indices.Length);
            var classes = _network.OutputSize;
            for (var s = 0; s < indices.Length; s++)
            {
                losses[b] += SoftmaxCrossEntropy.Evaluate(workspace.Activations[^1].AsSpan(s * classes, classes), _data.Label(indices[s]), 1f, [], out _);
            }
        });

        return losses.Sum() / _probe.Length;
    }

    /// <summary>Forward and backward pass of the mean cross-entropy of <paramref name="indices"/> (no augmentation).</summary>
    private void Run(ChunkWorkspace workspace, ReadOnlySpan<int> indices)
    {
        var operators = _network.Operators;
        var classes = _network.OutputSize;
        Load(workspace, indices);
        workspace.Forward(operators, indices.Length);
        var logits = workspace.Activations[^1];
        var gradients = workspace.Gradients[^1];
        for (var s = 0; s < indices.Length; s++)
        {
            SoftmaxCrossEntropy.Evaluate(
                logits.AsSpan(s * classes, classes), _data.Label(indices[s]), 1f, gradients.AsSpan(s * classes, classes), out _);
        }

        workspace.Backward(operators, indices.Length);
    }

    private void Load(ChunkWorkspace workspace, ReadOnlySpan<int> indices)
    {
        var inputSize = _network.InputSize;
        for (var s = 0; s < indices.Length; s++)
        {
            _data.Sample(indices[s]).CopyTo(workspace.Activations[0].AsSpan(s * inputSize, inputSize));
        }
    }

    /// <summary>
    /// <c>|Σ_samples Σ_positions δ·a|</c> per channel over the channel's contiguous block of each sample's input to the next
    /// layer (its plane, or its flattened positions), for the channels <paramref name="channels"/>.
    /// </summary>
    private static void Accumulate(double[] values, TrainableLayer layer, IEnumerable<int> channels, float[] activations, float[] gradients, int size, int samples)
    {
        var block = size / layer.Geometry.OutChannels;
        foreach (var c in channels)
        {
            var total = 0.0;
            for (var s = 0; s < samples; s++)
            {
                var start = (s * size) + (c * block);
                var sum = 0.0;
                for (var p = start; p < start + block; p++)
                {
                    sum += (double)gradients[p] * activations[p];
                }

                total += Math.Abs(sum);
            }

            values[c] = total;
        }
    }
}
