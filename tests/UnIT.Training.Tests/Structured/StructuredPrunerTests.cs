using UnIT.Costs;
using UnIT.Interpreter;
using UnIT.Kernels;
using UnIT.Model;
using UnIT.Planning;
using UnIT.Preparation;
using UnIT.Resources;
using UnIT.Training.Data;
using UnIT.Training.Optimizers;
using UnIT.Training.Pruning;

namespace UnIT.Training.Tests.Structured;

public class StructuredPrunerTests
{
    private static readonly Dataset Training = TestNetworks.Bars(240, seed: 7);
    private static readonly Dataset Validation = TestNetworks.Bars(200, seed: 8);

    /// <summary>1x6x6 → conv1 6 → ReLU → conv2 8 → ReLU → flatten → fc1 3 (conv → conv → flatten → dense).</summary>
    private static NetworkDefinition Definition() =>
        new NetworkBuilder("bars2", TensorShape.Of(1, 6, 6)).Conv2d("conv1", 6, 3).ReLU().Conv2d("conv2", 8, 3).ReLU().Flatten().Dense("fc1", 3).Build();

    private static readonly StructuredPruningOptions Quick = StructuredPruningOptions.Default with
    {
        PruneEveryBatches = 3,
        SearchEpochs = 2,
        ProbeSamples = 48,
        Search = StructuredPruningOptions.Default.Search with { BatchSize = 16, MaxTranslation = 0, Optimizer = new AdamSettings(0.005) },
        FineTuning = StructuredPruningOptions.Default.FineTuning with { Epochs = 3, BatchSize = 16, MaxTranslation = 0, Optimizer = new AdamSettings(0.005) },
    };

    private static TrainableNetwork Dense()
    {
        var network = TrainableNetwork.Create(Definition(), seed: 3);
        new Trainer(network, TrainingOptions.Default with { Epochs = 8, BatchSize = 16, Optimizer = new AdamSettings(0.01), MaxTranslation = 0 }).Train(Training);
        return network;
    }

    [Fact]
    public void It_meets_a_budget_on_a_toy_problem_and_exports_a_smaller_network_that_computes_the_same()
    {
        var dense = Dense();
        var denseValues = TestNetworks.AllValues(dense);
        var denseResources = ResourceAccounting.Default.Analyze(dense.Definition);
        var budget = ResourceBudget.FractionOf(denseResources, macs: 0.4, flash: 0.6);
        var reported = new List<StructuredPruningStep>();

        var result = new StructuredPruner(Quick).Prune(dense, Training, Validation, budget, reported.Add);

        Assert.True(result.BudgetMet);
        Assert.All(result.Usage, u => Assert.True(u.Used <= u.Limit, u.ToString()));
        Assert.True(result.PrunedResources.Macs < denseResources.Macs * 0.4);
        Assert.Equal(denseResources, result.DenseResources);
        Assert.Equal(ResourceAccounting.Default.Analyze(result.PrunedDefinition), result.PrunedResources);
        Assert.Equal(ChannelPruning.Resources(result.MaskedModel), result.PrunedResources);
        Assert.True(result.AccuracyPercent >= 90, $"{result.AccuracyPercent} %");
        Assert.Equal(Evaluator.Evaluate(result.MaskedModel, Validation).AccuracyPercent, result.AccuracyPercent);
        Assert.Equal(denseValues, TestNetworks.AllValues(dense)); // the input model is left alone
        Assert.Equal(result.Widths["conv1"], result.PrunedModel.Layer("conv1").Geometry.OutChannels);
        Assert.Equal(result.Widths["conv2"], result.PrunedModel.Layer("conv2").Geometry.OutChannels);
        Assert.Equal(3, result.PrunedModel.Layer("fc1").Geometry.OutChannels);

        // Masks are frozen for good: pruned channels are exactly zero in the masked model.
        foreach (var name in new[] { "conv1", "conv2" })
        {
            var layer = result.MaskedModel.Layer(name);
            Assert.Equal(MaskMode.Frozen, layer.Mask!.Mode);
            for (var c = 0; c < layer.Geometry.OutChannels; c++)
            {
                if (layer.Mask.IsChannelPruned(c))
                {
                    Assert.All(layer.Weight.Values.AsSpan(c * layer.WeightsPerChannel, layer.WeightsPerChannel).ToArray(), w => Assert.Equal(0f, w));
                }
            }
        }

        // Exported and run by the toolchain, the smaller network gives the masked network's logits bit for bit.
        var masked = new ReferenceInterpreter(PreparedNetwork.Prepare(dense.Definition, StructuredNetworks.Exported(result.MaskedModel)));
        var pruned = new ReferenceInterpreter(PreparedNetwork.Prepare(result.PrunedDefinition, StructuredNetworks.Exported(result.PrunedModel)));
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(masked.Run(Validation.Sample(i)).Select(BitConverter.SingleToInt32Bits), pruned.Run(Validation.Sample(i)).Select(BitConverter.SingleToInt32Bits));
        }

        Assert.Equal(Evaluator.Evaluate(result.MaskedModel, Validation).Correct, Evaluator.Evaluate(result.PrunedModel, Validation).Correct);

        // Progress: every step in order, search steps first, one report per fine-tuning epoch, the last as the result.
        Assert.Equal(result.Steps, reported);
        Assert.Equal(Enumerable.Range(1, reported.Count), reported.Select(s => s.Step));
        Assert.Equal(3, reported.Count(s => s.Phase == StructuredPruningPhase.FineTune));
        Assert.All(reported.SkipWhile(s => s.Phase != StructuredPruningPhase.FineTune), s => Assert.Equal(StructuredPruningPhase.FineTune, s.Phase));
        Assert.True(reported[0].Pruned.Count > 0);
        Assert.False(reported[0].WithinBudget);
        Assert.True(reported[0].BudgetLoss > 0);
        Assert.True(reported[^1].WithinBudget);
        Assert.Equal(0, reported[^1].BudgetLoss);
        Assert.Equal(result.Usage, reported[^1].Usage);
        Assert.Equal(result.AccuracyPercent, reported[^1].ValidationAccuracyPercent);
        Assert.Equal(result.Widths["conv2"], reported[^1].Widths.Single(w => w.Layer == "conv2").Kept);
        foreach (var (before, after) in reported.Zip(reported.Skip(1)))
        {
            // Each report's widths follow from the previous ones and what the step pruned and restored.
            foreach (var width in after.Widths)
            {
                var previous = before.Widths.Single(w => w.Layer == width.Layer).Kept;
                Assert.Equal(previous - after.Pruned.Count(p => p.Layer == width.Layer) + after.Restored.Count(r => r.Layer == width.Layer), width.Kept);
            }
        }
    }

    [Fact]
    public void A_RAM_budget_met_on_the_chip_holds_whatever_kernels_UnIT_picks_where_the_weights_only_count_misses_it()
    {
        // In Q15, conv1's 6x4x4 outputs take 192 B and, when it scatters, 384 B of 32-bit accumulators that the outputs
        // overlay: 64 B a channel. The weights-only count sees 32 B a channel and its peak at conv2 (conv1's buffer and
        // conv2's 64 B).
        const long ram = 200;
        var dense = Dense();
        var budget = new ResourceBudget { PeakRamBytes = ram };
        var options = Quick with { EvaluateEveryStep = false, FineTuning = Quick.FineTuning with { Epochs = 1 } };

        var onChip = new StructuredPruner(options).Prune(dense, Training, Validation, budget);
        var weightsOnly = new StructuredPruner(options with { Accounting = ResourceAccounting.WeightsOnly(ElementSizes.Q15) }).Prune(dense, Training, Validation, budget);

        // Both report the budget met, each by its own count.
        Assert.True(onChip.BudgetMet);
        Assert.True(weightsOnly.BudgetMet);

        // Planned with any kernels, UnIT's input-stationary ones included, the chip-budgeted network stays within it; with
        // Sorted everywhere it reaches the peak the pruner counted.
        var peaks = PlannedPeaks(onChip);
        Assert.All(peaks, p => Assert.True(p.Bytes <= ram, $"{p.Plan}: {p.Bytes} B"));
        Assert.Equal(onChip.PrunedResources.PeakRamBytes, peaks.Single(p => p.Plan == "Sorted").Bytes);

        // The weights-only budget holds only until a layer scatters.
        var missed = PlannedPeaks(weightsOnly).Single(p => p.Plan == "Sorted").Bytes;
        Assert.True(missed > ram, $"{missed} B (widths {string.Join(", ", weightsOnly.Widths)})");

        // The flash the pruner counts is what the Dense plan of the pruned network stores, code and tables, with every
        // weight stored: a weight that quantises to zero only shrinks the plan.
        var prepared = Prepared(onChip);
        var densePlan = KernelResources.Analyze(prepared, NumberFormat.Q15, [.. prepared.MacLayers.Select(_ => KernelImplementation.Dense)]);
        var zeros = prepared.MacLayers.Sum(l => (long)l.Geometry.WeightCount - l.QuantizedNonZeroWeights);
        Assert.True(zeros == 0 ? densePlan.FlashBytes == onChip.PrunedResources.FlashBytes : densePlan.FlashBytes < onChip.PrunedResources.FlashBytes,
            $"Dense plan {densePlan.FlashBytes} B with {zeros} zero weights, counted {onChip.PrunedResources.FlashBytes} B");
        var everyWeightStored = prepared.Layers.Sum(l => l is PreparedMacLayer mac
            ? ResourceEstimate.DenseWeightFlashBytes(mac.Geometry, mac.IsDense, mac.Division, NumberFormat.Q15)
            : CodeSize.LayerBytes(prepared.Definition, NetworkShapes.Infer(prepared.Definition), l.DefinitionIndex));
        Assert.Equal(everyWeightStored, onChip.PrunedResources.FlashBytes);
    }

    /// <summary>The pruned network's peak RAM (input excluded) planned with one kernel on every layer, and as the planner chooses.</summary>
    private static List<(string Plan, long Bytes)> PlannedPeaks(StructuredPruningResult result)
    {
        var prepared = Prepared(result);
        var peaks = new[] { KernelImplementation.Dense, KernelImplementation.Gather, KernelImplementation.Sorted, KernelImplementation.Bucketed }
            .Select(kernel => (kernel.ToString(), KernelResources.Analyze(prepared, NumberFormat.Q15, [.. prepared.MacLayers.Select(_ => kernel)]).PeakRamBytes))
            .ToList();
        var plan = KernelPlanner.Plan(prepared, NumberFormat.Q15, CostProfile.For(TargetProfile.Msp430FR5994));
        peaks.Add(("planner", KernelResources.Analyze(prepared, NumberFormat.Q15, [.. plan.Layers.Select(l => l.Implementation)]).PeakRamBytes));
        return peaks;
    }

    private static PreparedNetwork Prepared(StructuredPruningResult result) =>
        PreparedNetwork.Prepare(result.PrunedDefinition, StructuredNetworks.Exported(result.PrunedModel));

    [Fact]
    public void The_same_seed_gives_the_same_pruned_network()
    {
        var dense = Dense();
        var budget = new ResourceBudget { Macs = ResourceModel.Analyze(dense.Definition, ElementSizes.Q15).Macs / 2 };
        var options = Quick with { EvaluateEveryStep = false, FineTuning = Quick.FineTuning with { Epochs = 1 } };

        var first = new StructuredPruner(options).Prune(dense, Training, Validation, budget);
        var second = new StructuredPruner(options with { Search = options.Search with { MaxDegreeOfParallelism = 1 } }).Prune(dense, Training, Validation, budget);

        Assert.Equal(first.Widths, second.Widths);
        Assert.Equal(TestNetworks.AllValues(first.PrunedModel), TestNetworks.AllValues(second.PrunedModel));
    }

    [Fact]
    public void A_budget_no_width_can_meet_is_refused_before_any_training()
    {
        var dense = TrainableNetwork.Create(Definition(), seed: 1);
        var narrowest = ResourceAccounting.Default.Analyze(ChannelPruning.Narrow(dense.Definition, new Dictionary<string, int> { ["conv1"] = 1, ["conv2"] = 1 }));

        var error = Assert.Throws<ArgumentException>(() =>
            new StructuredPruner(Quick).Prune(dense, Training, Validation, new ResourceBudget { FlashBytes = narrowest.FlashBytes - 1 }));

        Assert.Contains("conv1 1, conv2 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("flash", error.Message, StringComparison.Ordinal);
        Assert.Null(dense.Layer("conv1").Mask);
    }

    [Fact]
    public void A_budget_the_dense_model_already_meets_prunes_nothing()
    {
        var dense = Dense();
        var options = Quick with { SearchEpochs = 1, FineTuning = Quick.FineTuning with { Epochs = 1 } };
        var result = new StructuredPruner(options).Prune(dense, Training, Validation, new ResourceBudget { Macs = long.MaxValue });

        Assert.Equal(dense.Definition, result.PrunedDefinition);
        Assert.All(result.Steps, s => Assert.Empty(s.Pruned));
    }

    [Fact]
    public void Without_feedback_or_budget_loss_the_search_still_meets_the_budget_when_epochs_run_out()
    {
        var dense = Dense();
        var budget = new ResourceBudget { Macs = ResourceModel.Analyze(dense.Definition, ElementSizes.Q15).Macs / 4 };
        var options = Quick with
        {
            PruneEveryBatches = 1000, // no step ever runs during training: the limit forces the budget at the end
            SearchEpochs = 1,
            MaxSearchEpochs = 1,
            BudgetLossWeight = 0,
            FineTuning = Quick.FineTuning with { Epochs = 1 },
        };

        var result = new StructuredPruner(options).Prune(dense, Training, Validation, budget);

        Assert.True(result.BudgetMet);
        Assert.Equal(StructuredPruningPhase.Forced, result.Steps[0].Phase);
        Assert.True(result.Steps[0].Pruned.Count > 1);
    }
}
