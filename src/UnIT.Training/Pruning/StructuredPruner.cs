using UnIT.Model;
using UnIT.Training.Data;

namespace UnIT.Training.Pruning;

/// <summary>
/// Resource-budgeted structured channel pruning during training, after Liberis &amp; Lane (IMWUT 2022): channels of every
/// conv and dense layer but the classifier carry masks; while a budget on flash, peak RAM or MACs (any subset, counted by the
/// options' <see cref="ResourceAccounting"/> at the current widths) is exceeded, a <see cref="ResourceBudgetLoss"/> is added to the
/// cross-entropy and, every few batches, the channels with the least salience per unit of resource cost are masked. Masks
/// stay soft during this search, so a masked channel whose salience rises comes back (feedback). Then the masks are frozen,
/// the network is fine-tuned, and the pruned channels are removed for good: the result is a smaller dense network.
/// </summary>
/// <remarks>
/// <para>
/// A step, every <see cref="StructuredPruningOptions.PruneEveryBatches"/> batches of the search: (1) measure every channel's
/// salience (<see cref="ChannelSalience"/>) on fixed probe samples of the training data; (2) while a budget is exceeded,
/// mask up to <see cref="StructuredPruningOptions.ChannelsPerStep"/> kept channels of lowest <c>salience / cost</c>, where
/// cost is what the channel's removal saves of each exceeded resource, relative to its limit and weighted by how far that
/// limit is exceeded; (3) feedback: a masked channel comes back when the budget allows it as it is, or in place of a kept
/// channel of lower rank whose salience it beats by <see cref="StructuredPruningOptions.RestoreMargin"/>, when the swap
/// keeps every budget (and uses no more of one still exceeded) and lowers the loss on the probe samples.
/// </para>
/// <para>
/// Soft masks pass the gradient straight through to masked weights, but a masked conv or dense channel followed by ReLU
/// outputs exactly zero before the ReLU, whose gradient there is zero: its weights stop changing, and their gradient says
/// nothing about its worth. So a masked channel's Taylor salience is measured with the activation it would have, in the
/// network as it is (<c>ChannelProbe</c>): the first-order value of bringing it back, on the scale of the kept channels'
/// value of staying. Its weights are those it had when masked (plus what momentum carried on), unless the gradient reaches
/// them (a layer without ReLU after it).
/// </para>
/// </remarks>
public sealed class StructuredPruner
{
    /// <summary>Prunes with <paramref name="options"/> (<see cref="StructuredPruningOptions.Default"/> when null).</summary>
    public StructuredPruner(StructuredPruningOptions? options = null)
    {
        Options = options ?? StructuredPruningOptions.Default;
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public StructuredPruningOptions Options { get; }

    /// <summary>Prunes a copy of <paramref name="dense"/> (left unchanged) until <paramref name="budget"/> holds, then fine-tunes it.</summary>
    /// <param name="dense">The trained starting model (channel masks it already has are the starting point).</param>
    /// <param name="training">What the search and fine-tuning train on, and the probe samples come from.</param>
    /// <param name="validation">Reported at every step and at the end (never test data; nothing is chosen on it).</param>
    /// <param name="budget">The limits the pruned network must meet.</param>
    /// <param name="stepCompleted">Progress: every pruning step and every fine-tuning epoch.</param>
    /// <exception cref="ArgumentException">The budget limits nothing, or no widths the pruner may choose can meet it.</exception>
    public StructuredPruningResult Prune(
        TrainableNetwork dense, Dataset training, Dataset validation, ResourceBudget budget, Action<StructuredPruningStep>? stepCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(budget);
        budget.Validate();
        var prunable = ChannelPruning.PrunableLayers(dense.Definition);
        CheckReachable(dense.Definition, prunable, budget);

        var parallelism = Options.Search.MaxDegreeOfParallelism;
        var denseResources = Options.Accounting.Analyze(dense.Definition);
        var denseAccuracy = Evaluator.Evaluate(dense, validation, parallelism).AccuracyPercent;
        var network = dense.Clone();
        foreach (var name in prunable)
        {
            var layer = network.Layer(name);
            (layer.Mask ?? layer.AddMask(MaskMode.Soft)).Mode = MaskMode.Soft;
        }

        var trainer = new Trainer(network, Options.Search);
        var search = new ChannelSearch(network, prunable, budget, Options, training, validation, stepCompleted);
        for (var epoch = 0; ; epoch++)
        {
            trainer.TrainEpoch(training, epoch, search);
            if (search.Met && epoch + 1 >= Options.SearchEpochs)
            {
                break;
            }

            if (epoch + 1 >= Options.MaxSearchEpochs)
            {
                search.Force(epoch);
                break;
            }
        }

        foreach (var name in prunable)
        {
            network.Layer(name).Mask!.Mode = MaskMode.Frozen;
        }

        network.ZeroFrozenEntries();
        var fineTuning = new Trainer(network, Options.FineTuning);
        var batches = (training.Count + Options.FineTuning.BatchSize - 1) / Options.FineTuning.BatchSize;
        fineTuning.Train(training, epoch => search.Report(StructuredPruningPhase.FineTune, epoch.Epoch, batches, [], []));

        var pruned = ChannelPruning.RemovePrunedChannels(network);
        return new StructuredPruningResult(
            network,
            pruned,
            budget,
            denseResources,
            Options.Accounting.Analyze(pruned.Definition),
            denseAccuracy,
            Evaluator.Evaluate(network, validation, parallelism).AccuracyPercent,
            search.Steps);
    }

    /// <summary>Refuses a budget that even the narrowest network the pruner may make cannot meet.</summary>
    private void CheckReachable(NetworkDefinition definition, IReadOnlyList<string> prunable, ResourceBudget budget)
    {
        var narrowest = definition.Layers.OfType<PrunableLayer>()
            .Where(layer => prunable.Contains(layer.Name))
            .ToDictionary(layer => layer.Name, layer => Math.Min(layer.OutputChannels, Options.MinChannels), StringComparer.Ordinal);
        var resources = Options.Accounting.Analyze(ChannelPruning.Narrow(definition, narrowest));
        if (!budget.IsMetBy(resources))
        {
            var widths = prunable.Count == 0 ? "no layer may be pruned" : string.Join(", ", narrowest.Select(w => $"{w.Key} {w.Value}"));
            throw new ArgumentException(
                $"No pruning of network '{definition.Name}' can meet the budget ({budget}): even the narrowest network ({widths}; the classifier "
                + $"is never pruned) uses {string.Join(", ", budget.Check(resources).Where(u => !u.WithinBudget))}. Raise the budget or lower MinChannels.",
                nameof(budget));
        }
    }
}
