using System.Numerics.Tensors;
using UnIT.Training.Data;
using UnIT.Training.Layers;

namespace UnIT.Training;

/// <summary>
/// Runs a network over a batch of samples split into fixed-size chunks, in parallel, reproducibly: each chunk
/// has its own workspace and gradient buffers, and the chunks' gradients and losses are added in chunk order
/// after all of them finish. So the result depends on the chunk size but never on the number of threads or on
/// which thread ran which chunk.
/// </summary>
internal sealed class BatchRunner
{
    private readonly TrainableNetwork _network;
    private readonly int _chunkSize;
    private readonly ParallelOptions _parallel;
    private readonly float _activationPenalty;
    private readonly List<ChunkWorkspace> _workspaces = [];

    public BatchRunner(TrainableNetwork network, int chunkSize, int maxDegreeOfParallelism, float activationPenalty = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _network = network;
        _activationPenalty = activationPenalty;
        _chunkSize = chunkSize;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
    }

    /// <summary>
    /// Forward pass (and, with <paramref name="computeGradients"/>, backward pass) of the samples
    /// <c>order[start … start+count−1]</c> of <paramref name="data"/>, each moved by <c>shifts[position]</c> when
    /// shifts are given. Gradients are of the loss summed over the batch times <paramref name="gradientScale"/>
    /// (<c>1/count</c> for the mean) and land in each <see cref="Parameter.Gradient"/>.
    /// </summary>
    public BatchOutcome Run(
        Dataset data, int[] order, int start, int count, bool computeGradients, float gradientScale, PixelShift[]? shifts = null)
    {
        _network.RefreshEffectiveParameters();
        var chunks = (count + _chunkSize - 1) / _chunkSize;
        while (_workspaces.Count < chunks)
        {
            _workspaces.Add(new ChunkWorkspace(_network.Operators, _network.InputSize, _chunkSize));
        }

        Parallel.For(0, chunks, _parallel, chunk =>
        {
            var first = start + (chunk * _chunkSize);
            var samples = Math.Min(_chunkSize, start + count - first);
            var chunkShifts = shifts is null ? default : shifts.AsSpan(first, samples);
            RunChunk(_workspaces[chunk], data, order.AsSpan(first, samples), chunkShifts, computeGradients, gradientScale);
        });

        var lossSum = 0.0;
        var correct = 0;
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            lossSum += _workspaces[chunk].LossSum;
            correct += _workspaces[chunk].Correct;
        }

        if (computeGradients)
        {
            ReduceGradients(chunks);
        }

        return new BatchOutcome(count, lossSum, correct);
    }

    private void RunChunk(
        ChunkWorkspace workspace, Dataset data, ReadOnlySpan<int> indices, ReadOnlySpan<PixelShift> shifts, bool computeGradients, float gradientScale)
    {
        var operators = _network.Operators;
        var inputSize = _network.InputSize;
        var classes = _network.OutputSize;
        for (var s = 0; s < indices.Length; s++)
        {
            var input = workspace.Activations[0].AsSpan(s * inputSize, inputSize);
            if (shifts.IsEmpty)
            {
                data.Sample(indices[s]).CopyTo(input);
            }
            else
            {
                Translation.Apply(data.Sample(indices[s]), data.SampleShape, shifts[s].Dy, shifts[s].Dx, input);
            }
        }

        workspace.Forward(operators, indices.Length);

        var logits = workspace.Activations[^1];
        var logitGradients = workspace.Gradients[^1];
        var lossSum = 0.0;
        var correct = 0;
        for (var s = 0; s < indices.Length; s++)
        {
            var label = data.Label(indices[s]);
            lossSum += SoftmaxCrossEntropy.Evaluate(
                logits.AsSpan(s * classes, classes), label, gradientScale,
                computeGradients ? logitGradients.AsSpan(s * classes, classes) : [], out var predicted);
            correct += predicted == label ? 1 : 0;
        }

        workspace.LossSum = lossSum;
        workspace.Correct = correct;
        if (computeGradients)
        {
            workspace.Backward(operators, indices.Length, _activationPenalty * gradientScale);
        }
    }

    private void ReduceGradients(int chunks)
    {
        var operators = _network.Operators;
        for (var i = 0; i < operators.Count; i++)
        {
            if (operators[i].Trainable is not { } layer)
            {
                continue;
            }

            Reduce(layer.Weight.Gradient, chunks, chunk => ((ParameterScratch)_workspaces[chunk].Scratches[i]).WeightGradient);
            if (layer.Bias is not null)
            {
                Reduce(layer.Bias.Gradient, chunks, chunk => ((ParameterScratch)_workspaces[chunk].Scratches[i]).BiasGradient);
            }

            layer.MaskGradients();
        }
    }

    /// <summary><c>total = part(0) + part(1) + …</c>, element-wise, always in chunk order.</summary>
    private static void Reduce(float[] total, int chunks, Func<int, float[]> part)
    {
        part(0).CopyTo(total, 0);
        for (var chunk = 1; chunk < chunks; chunk++)
        {
            TensorPrimitives.Add(total, part(chunk), total);
        }
    }
}

/// <summary>A translation by whole pixels: down by <see cref="Dy"/>, right by <see cref="Dx"/>.</summary>
internal readonly record struct PixelShift(int Dy, int Dx);

/// <summary>What a batch produced: sample count, summed loss, correctly classified samples.</summary>
internal readonly record struct BatchOutcome(int Count, double LossSum, int Correct);
