using UnIT.Training.Optimizers;
using UnIT.Training.Pruning;

namespace UnIT.Training.Tests;

public class MagnitudePrunerTests
{
    private static readonly Data.Dataset Training = TestNetworks.Bars(240, seed: 7);
    private static readonly Data.Dataset Validation = TestNetworks.Bars(200, seed: 8);

    private static TrainableNetwork TrainedTiny()
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 3);
        new Trainer(network, TrainingOptions.Default with { Epochs = 8, BatchSize = 16, Optimizer = new AdamSettings(0.01), MaxTranslation = 0 }).Train(Training);
        return network;
    }

    [Fact]
    public void A_step_prunes_the_globally_smallest_unpruned_weights()
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 3);
        foreach (var layer in network.Layers)
        {
            layer.AddMask(MaskMode.Frozen);
        }

        var all = network.Layers.SelectMany((layer, l) => layer.Weight.Values.Select((w, i) => (Magnitude: Math.Abs(w), l, i))).OrderBy(x => x).ToList();
        var biases = network.Layers.Select(layer => (float[])layer.Bias!.Values.Clone()).ToList();

        MagnitudePruner.PruneSmallest(network, 10);
        MagnitudePruner.PruneSmallest(network, 5);

        var expected = all.Take(15).Select(x => (x.l, x.i)).ToHashSet();
        var actual = network.Layers.SelectMany((layer, l) => Enumerable.Range(0, layer.Weight.Count).Where(i => !layer.Mask!.IsKept(i)).Select(i => (l, i))).ToHashSet();
        Assert.Equal(expected, actual);
        Assert.All(actual, p => Assert.Equal(0f, network.Layers[p.l].Weight.Values[p.i]));
        Assert.Contains(expected, p => p.l == 0);
        Assert.Contains(expected, p => p.l == 1); // global, not per layer
        Assert.Equal(biases[0], network.Layers[0].Bias!.Values); // biases are never pruned
    }

    [Fact]
    public void Each_step_prunes_five_percent_of_the_remaining_weights()
    {
        var dense = TrainedTiny();
        var pruner = new MagnitudePruner(MagnitudePruningOptions.Default with { AccuracyBudgetPoints = 100, MaxSteps = 12 });
        var reported = new List<PruningStep>();

        var result = pruner.Prune(dense, Training, Validation, reported.Add);

        Assert.Equal(PruningStopReason.MaxSteps, result.StopReason);
        Assert.Equal(result.Steps, reported);
        var pruned = 0;
        foreach (var step in reported)
        {
            var remaining = dense.WeightCount - pruned;
            Assert.Equal((int)Math.Round(0.05 * remaining, MidpointRounding.ToEven), step.PrunedThisStep);
            pruned += step.PrunedThisStep;
            Assert.Equal(pruned, step.PrunedWeights);
        }

        Assert.Equal(pruned, result.Model.PrunedWeightCount);
        Assert.Equal(0, dense.PrunedWeightCount); // the input model is left alone
        Assert.True(reported.Zip(reported.Skip(1)).All(p => p.Second.Sparsity > p.First.Sparsity));
    }

    [Fact]
    public void It_stops_before_the_accuracy_budget_is_broken_and_returns_the_last_model_within_it()
    {
        var dense = TrainedTiny();
        var pruner = new MagnitudePruner();

        var result = pruner.Prune(dense, Training, Validation);

        Assert.Equal(PruningStopReason.AccuracyBudget, result.StopReason);
        var last = result.Steps[^1];
        Assert.False(last.WithinBudget);
        Assert.True(last.AccuracyPercent < result.DenseAccuracyPercent - 0.5);
        Assert.All(result.Steps.SkipLast(1), s => Assert.True(s.WithinBudget && s.AccuracyPercent >= result.DenseAccuracyPercent - 0.5));
        Assert.Equal(result.Steps.Count - 1, result.StepsKept);
        var kept = result.Steps[^2];
        Assert.Equal(kept.PrunedWeights, result.Model.PrunedWeightCount);
        Assert.Equal(kept.AccuracyPercent, result.AccuracyPercent);
        Assert.Equal(result.AccuracyPercent, Evaluator.Evaluate(result.Model, Validation).AccuracyPercent);
        Assert.True(result.Sparsity > 0.3, $"only {result.Sparsity:P0} pruned");
    }

    [Fact]
    public void The_evaluation_data_decides()
    {
        var dense = TrainedTiny();
        var pruner = new MagnitudePruner(MagnitudePruningOptions.Default with { MaxSteps = 2, AccuracyBudgetPoints = 100 });

        var onValidation = pruner.Prune(dense, Training, Validation);
        var onOther = pruner.Prune(dense, Training, Validation.Take(50));

        Assert.Equal(Evaluator.Evaluate(dense, Validation).AccuracyPercent, onValidation.DenseAccuracyPercent);
        Assert.Equal(Evaluator.Evaluate(dense, Validation.Take(50)).AccuracyPercent, onOther.DenseAccuracyPercent);
    }
}
