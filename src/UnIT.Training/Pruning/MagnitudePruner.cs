using UnIT.Training.Data;

namespace UnIT.Training.Pruning;

/// <summary>
/// Iterative global L1 magnitude pruning, the baseline "training-time pruned" model of the UnIT paper: each step
/// masks the smallest-|w| share of the still-unpruned conv and dense weights across all layers (biases excluded),
/// fine-tunes, and evaluates; the run returns the last model whose accuracy stayed within the budget.
/// </summary>
/// <remarks>
/// Like PyTorch's <c>prune.global_unstructured(..., L1Unstructured, amount=0.05)</c> applied repeatedly: the count
/// pruned per step is <c>round(0.05 · remaining)</c> (half to even), ranked on the current masked weights; ties go to
/// the earlier layer, then the lower index. Masks are <see cref="MaskMode.Frozen"/>: a pruned weight is exactly zero
/// and never returns.
/// </remarks>
public sealed class MagnitudePruner
{
    /// <summary>Prunes with <paramref name="options"/> (the paper's recipe by default).</summary>
    public MagnitudePruner(MagnitudePruningOptions? options = null)
    {
        Options = options ?? MagnitudePruningOptions.Default;
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public MagnitudePruningOptions Options { get; }

    /// <summary>
    /// Prunes a copy of <paramref name="dense"/> (which is left unchanged).
    /// </summary>
    /// <param name="dense">The trained starting model.</param>
    /// <param name="fineTuningData">What each step fine-tunes on (the train split).</param>
    /// <param name="evaluationData">
    /// What decides when to stop: a validation split taken from train (e.g. <see cref="MnistDataset.SplitTrain"/>), never the test digits.
    /// </param>
    /// <param name="stepCompleted">Called after every step (progress: step, sparsity, accuracy).</param>
    public MagnitudePruningResult Prune(
        TrainableNetwork dense, Dataset fineTuningData, Dataset evaluationData, Action<PruningStep>? stepCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(fineTuningData);
        ArgumentNullException.ThrowIfNull(evaluationData);
        var parallelism = Options.FineTuning.MaxDegreeOfParallelism;
        var denseAccuracy = Evaluator.Evaluate(dense, evaluationData, parallelism).AccuracyPercent;
        var floor = denseAccuracy - Options.AccuracyBudgetPoints;

        var network = dense.Clone();
        foreach (var layer in network.Layers)
        {
            var mask = layer.Mask ?? layer.AddMask(MaskMode.Frozen);
            mask.Mode = MaskMode.Frozen;
        }

        network.ZeroFrozenEntries();
        var best = network.Clone();
        var bestAccuracy = denseAccuracy;
        var trainer = new Trainer(network, Options.FineTuning);
        var steps = new List<PruningStep>();
        var total = network.WeightCount;
        for (var step = 1; step <= Options.MaxSteps; step++)
        {
            var remaining = total - network.PrunedWeightCount;
            var count = (int)Math.Round(Options.StepFraction * remaining, MidpointRounding.ToEven);
            if (count == 0)
            {
                return Result(PruningStopReason.NothingLeftToPrune);
            }

            PruneSmallest(network, count);
            trainer.TrainEpoch(fineTuningData, epoch: step);
            var accuracy = Evaluator.Evaluate(network, evaluationData, parallelism).AccuracyPercent;
            var withinBudget = accuracy >= floor;
            var report = new PruningStep(step, count, network.PrunedWeightCount, total, accuracy, withinBudget);
            steps.Add(report);
            stepCompleted?.Invoke(report);
            if (!withinBudget)
            {
                return Result(PruningStopReason.AccuracyBudget);
            }

            best.CopyFrom(network);
            bestAccuracy = accuracy;
        }

        return Result(PruningStopReason.MaxSteps);

        MagnitudePruningResult Result(PruningStopReason reason) =>
            new(best, denseAccuracy, bestAccuracy, steps.Count(s => s.WithinBudget), steps, reason);
    }

    /// <summary>Masks the <paramref name="count"/> unpruned weights of smallest |w| across all layers.</summary>
    internal static void PruneSmallest(TrainableNetwork network, int count)
    {
        var candidates = new List<(float Magnitude, int Layer, int Index)>();
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            var mask = layer.Mask!;
            var weights = layer.Weight.Values;
            for (var i = 0; i < weights.Length; i++)
            {
                if (mask.IsKept(i))
                {
                    candidates.Add((Math.Abs(weights[i]), l, i));
                }
            }
        }

        candidates.Sort();
        foreach (var (_, l, i) in candidates.Take(count))
        {
            network.Layers[l].Mask!.Prune(i);
        }

        network.ZeroFrozenEntries();
    }
}
