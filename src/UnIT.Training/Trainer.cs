using System.Diagnostics;
using UnIT.Training.Data;
using UnIT.Training.Numerics;
using UnIT.Training.Optimizers;

namespace UnIT.Training;

/// <summary>
/// Mini-batch training of a <see cref="TrainableNetwork"/> with softmax cross-entropy: per epoch a seeded shuffle,
/// then per batch a parallel, reproducible forward and backward pass and one optimizer step. The optimizer's
/// state lives as long as the trainer, across calls.
/// </summary>
public sealed class Trainer
{
    private readonly BatchRunner _runner;
    private readonly double _baseLearningRate;

    /// <summary>Prepares to train <paramref name="network"/> in place.</summary>
    public Trainer(TrainableNetwork network, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Options = options ?? TrainingOptions.Default;
        Options.Validate();
        Network = network;
        Optimizer = Options.Optimizer.Create();
        _baseLearningRate = Optimizer.LearningRate;
        _runner = new BatchRunner(network, Options.ChunkSize, Options.MaxDegreeOfParallelism, (float)Options.ActivationL1);
    }

    /// <summary>The network being trained.</summary>
    public TrainableNetwork Network { get; }

    /// <summary>The options.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The optimizer, with its state.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>Trains <see cref="TrainingOptions.Epochs"/> epochs (numbered from 0), reporting each as it ends.</summary>
    public IReadOnlyList<EpochResult> Train(Dataset data, Action<EpochResult>? epochCompleted = null)
    {
        var results = new List<EpochResult>(Options.Epochs);
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            var result = TrainEpoch(data, epoch);
            results.Add(result);
            epochCompleted?.Invoke(result);
        }

        return results;
    }

    /// <summary>One pass over <paramref name="data"/> in the order seeded by (<see cref="TrainingOptions.Seed"/>, <paramref name="epoch"/>).</summary>
    public EpochResult TrainEpoch(Dataset data, int epoch) => TrainEpoch(data, epoch, hook: null);

    /// <summary>
    /// One pass as <see cref="TrainEpoch(Dataset, int)"/>, with <paramref name="hook"/> called around every optimizer step
    /// (an extra loss term before it, other work after it). The epoch's reported loss is the cross-entropy alone.
    /// </summary>
    public EpochResult TrainEpoch(Dataset data, int epoch, ITrainingHook? hook)
    {
        CheckCompatible(data);
        var stopwatch = Stopwatch.StartNew();
        Optimizer.LearningRate = _baseLearningRate * Options.Schedule.Factor(epoch, Options.Epochs);
        var order = Enumerable.Range(0, data.Count).ToArray();
        new SeededRandom(Options.Seed, stream: epoch + 1L).Shuffle(order.AsSpan());
        var shifts = DrawShifts(data.Count, epoch);

        var lossSum = 0.0;
        var correct = 0;
        var batches = (data.Count + Options.BatchSize - 1) / Options.BatchSize;
        for (var batch = 0; batch < batches; batch++)
        {
            var start = batch * Options.BatchSize;
            var count = Math.Min(Options.BatchSize, data.Count - start);
            var outcome = hook is null
                ? Step(data, order, start, count, shifts)
                : Step(data, order, start, count, shifts, hook, new TrainingBatch(epoch, batch, batches, 0));
            lossSum += outcome.LossSum;
            correct += outcome.Correct;
        }

        return new EpochResult(epoch, lossSum / data.Count, 100.0 * correct / data.Count, stopwatch.Elapsed);
    }

    /// <summary>
    /// One optimizer step on exactly the given samples (no shuffle, no augmentation), for training loops that
    /// interleave other work with training steps; returns the batch's mean loss before the update.
    /// </summary>
    public double TrainBatch(Dataset data, ReadOnlySpan<int> samples)
    {
        CheckCompatible(data);
        ArgumentOutOfRangeException.ThrowIfZero(samples.Length, nameof(samples));
        var order = samples.ToArray();
        return Step(data, order, 0, order.Length, shifts: null).LossSum / order.Length;
    }

    /// <summary>
    /// Computes the mean-loss gradient of the given samples into every <see cref="Parameter.Gradient"/> without
    /// updating anything (gradient checks, saliency scores); returns the mean loss.
    /// </summary>
    public double ComputeGradients(Dataset data, ReadOnlySpan<int> samples)
    {
        CheckCompatible(data);
        ArgumentOutOfRangeException.ThrowIfZero(samples.Length, nameof(samples));
        var order = samples.ToArray();
        var outcome = _runner.Run(data, order, 0, order.Length, computeGradients: true, gradientScale: 1f / order.Length);
        return outcome.LossSum / order.Length;
    }

    /// <summary>Gradients of the mean loss over <c>order[start … start+count−1]</c>, one optimizer step, frozen masks re-applied.</summary>
    private BatchOutcome Step(Dataset data, int[] order, int start, int count, PixelShift[]? shifts)
    {
        var outcome = _runner.Run(data, order, start, count, computeGradients: true, gradientScale: 1f / count, shifts);
        Optimizer.Step(Network.Parameters);
        Network.ZeroFrozenEntries();
        return outcome;
    }

    /// <summary>As <see cref="Step(Dataset, int[], int, int, PixelShift[])"/>, with the hook's loss term added before the update.</summary>
    private BatchOutcome Step(Dataset data, int[] order, int start, int count, PixelShift[]? shifts, ITrainingHook hook, TrainingBatch batch)
    {
        var outcome = _runner.Run(data, order, start, count, computeGradients: true, gradientScale: 1f / count, shifts);
        batch = batch with { MeanLoss = outcome.LossSum / count };
        hook.BeforeStep(batch);
        Network.MaskGradients();
        Optimizer.Step(Network.Parameters);
        Network.ZeroFrozenEntries();
        hook.AfterStep(batch);
        return outcome;
    }

    /// <summary>The epoch's translations, one per position in its order, from their own seeded stream.</summary>
    private PixelShift[]? DrawShifts(int count, int epoch)
    {
        var max = Options.MaxTranslation;
        if (max == 0)
        {
            return null;
        }

        var random = new SeededRandom(Options.Seed, stream: -(epoch + 1L));
        var shifts = new PixelShift[count];
        for (var i = 0; i < count; i++)
        {
            shifts[i] = new PixelShift(random.NextInt((2 * max) + 1) - max, random.NextInt((2 * max) + 1) - max);
        }

        return shifts;
    }

    private void CheckCompatible(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            throw new ArgumentException("The dataset is empty; there is nothing to train on.", nameof(data));
        }

        if (data.SampleSize != Network.InputSize || data.ClassCount > Network.OutputSize)
        {
            throw new ArgumentException(
                $"The data ([{data.SampleShape}], {data.ClassCount} classes) does not fit network '{Network.Definition.Name}' "
                + $"([{Network.InputShape}] → {Network.OutputSize} logits).", nameof(data));
        }
    }
}
