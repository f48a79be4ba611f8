using UnIT.Costs;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.Preparation;
using UnIT.Training.Data;

namespace UnIT.Calibration.Tests;

public sealed class CalibratorTests
{
    private static readonly CalibrationOptions Options = CalibrationOptions.Default with
    {
        AccuracyBudgetPoints = 4,
        ActivationBudgetPoints = 1.5,
        PricingSamples = 60,
        LadderSamples = 30,
        GroupSizes = new Dictionary<string, int> { ["conv1"] = 2 },
    };

    private static readonly Lazy<CalibrationResult> Q15Result = new(() => Calibrate(Options));

    private static CalibrationResult Calibrate(CalibrationOptions options, NetworkDefinition? definition = null) =>
        new Calibrator(definition ?? TinyNetwork.Definition(), TinyNetwork.Weights, options).Calibrate(TinyNetwork.Data);

    [Fact]
    public void Same_inputs_give_the_same_file_and_search_whatever_the_thread_count()
    {
        var one = Calibrate(Options with { MaxDegreeOfParallelism = 1 });
        var two = Q15Result.Value;
        Assert.Equal(CalibrationFile.Write(one.Data), CalibrationFile.Write(two.Data));
        Assert.Equal(one.Steps, two.Steps);
        Assert.Equal(one.Cycles, two.Cycles);
    }

    [Fact]
    public void Computing_outputs_on_the_reference_interpreter_gives_the_same_file_and_search()
    {
        var interpreter = Calibrate(Options with { OutputsOnInterpreter = true });
        var fast = Q15Result.Value;
        Assert.Equal(CalibrationFile.Write(interpreter.Data), CalibrationFile.Write(fast.Data));
        Assert.Equal(interpreter.Steps, fast.Steps);
    }

    [Fact]
    public void The_chosen_settings_stay_within_the_budget_on_the_calibration_data_when_run_by_the_interpreter()
    {
        var result = Q15Result.Value;
        var interpreter = new ReferenceInterpreter(PreparedNetwork.Prepare(result.Definition, TinyNetwork.Weights));
        var correct = Enumerable.Range(0, TinyNetwork.Samples).Count(i => interpreter.Predict(TinyNetwork.Data.Sample(i)) == TinyNetwork.Data.Label(i));
        var accuracy = 100.0 * correct / TinyNetwork.Samples;

        Assert.Equal(result.AccuracyPercent, accuracy, 9);
        Assert.True(accuracy >= result.ReferenceAccuracyPercent - Options.AccuracyBudgetPoints, $"{accuracy} < {result.ReferenceAccuracyPercent} - {Options.AccuracyBudgetPoints}");
        Assert.Equal(result.Data.CalibratedAccuracy * 100, accuracy, 9);

        // The search did something, and it paid in cycles, not only in MACs.
        Assert.True(result.Cycles < result.ReferenceCycles, $"{result.Cycles} >= {result.ReferenceCycles}");
        Assert.Contains(result.Data.Layers, l => l.Threshold > 0);
        Assert.Contains(result.Steps, s => s.Phase == CalibrationPhase.Thresholds && s.Outcome == "accepted");
        Assert.All(result.Steps.Where(s => s.Outcome == "accepted"), s => Assert.True(s.WithinBudget));
    }

    [Fact]
    public void The_default_search_also_counts_the_true_class_probability_lost_by_digits_that_do_not_flip()
    {
        var probability = Q15Result.Value;
        var flipped = Calibrate(Options with { SearchLoss = SearchLoss.FlippedDigits });

        var (probabilityFlips, probabilityLoss) = MeasureLoss(probability.Definition);
        var (flippedFlips, flippedLoss) = MeasureLoss(flipped.Definition);
        Assert.True(probabilityLoss <= Options.AccuracyBudgetPoints, $"{probabilityLoss}");
        Assert.True(probabilityFlips < probabilityLoss, "near misses count too");
        Assert.True(flippedFlips <= Options.AccuracyBudgetPoints, $"{flippedFlips}");

        // Counting only flips, the search spends the budget on near misses the default counts: it goes further.
        Assert.True(flippedLoss > Options.AccuracyBudgetPoints, $"{flippedLoss}");
        Assert.True(flipped.Cycles < probability.Cycles, $"{flipped.Cycles} >= {probability.Cycles}");
    }

    /// <summary>Points of the tiny data's digits the settings flip, and flipped plus true-class probability lost, by the interpreter.</summary>
    private static (double Flipped, double Probability) MeasureLoss(NetworkDefinition settings)
    {
        var reference = new ReferenceInterpreter(PreparedNetwork.Prepare(CalibratedNetwork.WithoutUnit(settings), TinyNetwork.Weights));
        var chosen = new ReferenceInterpreter(PreparedNetwork.Prepare(settings, TinyNetwork.Weights));
        double flipped = 0, probability = 0;
        for (var d = 0; d < TinyNetwork.Samples; d++)
        {
            var label = TinyNetwork.Data.Label(d);
            var before = reference.Run(TinyNetwork.Data.Sample(d));
            var after = chosen.Run(TinyNetwork.Data.Sample(d));
            if (ArgMax(before) != label)
            {
                continue;
            }

            if (ArgMax(after) != label)
            {
                flipped++;
                probability++;
            }
            else
            {
                probability += Math.Max(0, TrueClass(before, label) - TrueClass(after, label));
            }
        }

        return (100 * flipped / TinyNetwork.Samples, 100 * probability / TinyNetwork.Samples);

        static int ArgMax(float[] logits) => Array.IndexOf(logits, logits.Max());
        static double TrueClass(float[] logits, int label) => Math.Exp(logits[label] - logits.Max()) / logits.Sum(z => Math.Exp(z - logits.Max()));
    }

    [Theory]
    [InlineData(nameof(CalibrationOptions.AccuracyBudgetPoints))]
    [InlineData(nameof(CalibrationOptions.SearchLoss))]
    [InlineData(nameof(CalibrationOptions.RangeMargin))]
    public void Nonsense_options_are_refused_naming_the_option(string option)
    {
        var options = option switch
        {
            nameof(CalibrationOptions.AccuracyBudgetPoints) => Options with { AccuracyBudgetPoints = double.NaN },
            nameof(CalibrationOptions.SearchLoss) => Options with { SearchLoss = (SearchLoss)7 },
            _ => Options with { RangeMargin = 0.5 },
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Calibrator(TinyNetwork.Definition(), TinyNetwork.Weights, options));
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void A_zero_budget_never_loses_a_sample()
    {
        var result = Calibrate(Options with { AccuracyBudgetPoints = 0, ActivationBudgetPoints = 0 });
        Assert.True(result.AccuracyPercent >= result.ReferenceAccuracyPercent);
    }

    [Fact]
    public void Each_theta_search_doubles_from_the_initial_value_then_bisects_and_keeps_the_last_value_within_budget()
    {
        var result = Q15Result.Value;
        var searched = result.Steps.Where(s => s.Phase == CalibrationPhase.ActivationThresholds).GroupBy(s => s.Layer).ToList();
        Assert.Equal(["relu2", "relu1"], searched.Select(g => g.Key)); // last ReLU first

        var bisections = 0;
        foreach (var steps in searched)
        {
            // Replay the rule: 1, 2, 4, … while within budget; then the midpoint of the last good and first bad value.
            var list = steps.ToList();
            var expected = Options.InitialActivationThreshold;
            var low = 0f;
            float? high = null;
            foreach (var step in list)
            {
                Assert.Equal(expected, step.Value);
                if (high is null)
                {
                    Assert.Equal("doubling", step.Outcome);
                    if (step.WithinBudget)
                    {
                        low = step.Value;
                        expected = step.Value * 2;
                        continue;
                    }

                    high = step.Value;
                }
                else
                {
                    Assert.Equal("bisection", step.Outcome);
                    bisections++;
                    if (step.WithinBudget)
                    {
                        low = step.Value;
                    }
                    else
                    {
                        high = step.Value;
                    }
                }

                expected = (low + high!.Value) / 2;
            }

            Assert.Equal(Options.ActivationBisectionSteps, list.Count(s => s.Outcome == "bisection"));
            var chosen = result.Data.Layer(steps.Key)!.ActivationThreshold;
            Assert.Equal(low, chosen);
        }

        Assert.True(bisections > 0);
    }

    [Fact]
    public void The_file_round_trips_and_carries_ranges_statistics_and_groups()
    {
        var result = Q15Result.Value;
        var text = CalibrationFile.Write(result.Data);
        Assert.True(CalibrationFile.TryParse(text, out var parsed, out var problem), problem);
        Assert.Equal(result.Data, parsed);
        Assert.Equal(text, CalibrationFile.Write(parsed!));

        var conv1 = parsed!.Layer("conv1")!;
        Assert.Equal(2, conv1.GroupSize); // as the options ask
        Assert.Equal(0, parsed.Layer("conv2")!.GroupSize); // the default (4) is the whole layer: one threshold
        Assert.Equal(2, conv1.GroupThresholds.Count);
        Assert.Equal(16, conv1.InputMagnitudes.Count);
        Assert.True(conv1.OutputRange > 0);
        Assert.True(parsed.InputRange > 2.5f);
        Assert.True(parsed.Layer("conv2")!.InputZeroFraction > 0);
        Assert.NotNull(parsed.Layer("relu1")!.ActivationThreshold);

        // The generator's reading of it: measured ranges fill the undeclared ones.
        var applied = CalibrationApplication.WithMeasuredRanges(TinyNetwork.Definition(), parsed);
        Assert.Equal(parsed.InputRange, applied.Options.InputRange);
        Assert.Equal(conv1.OutputRange, ((PrunableLayer)applied.Layers[0]).Pruning.OutputRange);
    }

    [Fact]
    public void Without_a_search_the_declared_thresholds_are_priced_and_written_back()
    {
        // What `unit calibrate --thresholds-from` does: one calibration's settings, priced again without searching.
        var searched = Q15Result.Value;
        var declared = CalibratedNetwork.ApplyThresholds(TinyNetwork.Definition(), searched.Data);
        var priced = Calibrate(Options with { SearchThresholds = false, SearchActivationThresholds = false }, declared);
        Assert.Equal(searched.Data.Layers.Select(l => (l.Label, l.Threshold, l.GroupSize, l.ActivationThreshold)), priced.Data.Layers.Select(l => (l.Label, l.Threshold, l.GroupSize, l.ActivationThreshold)));
        Assert.Equal(searched.Data.Layers.SelectMany(l => l.GroupThresholds), priced.Data.Layers.SelectMany(l => l.GroupThresholds));
        Assert.Equal(searched.Macs, priced.Macs);
        Assert.Equal(searched.AccuracyPercent, priced.AccuracyPercent);
        Assert.True(priced.Macs < priced.ReferenceMacs, "the reference of a run without a search still has UnIT off");
        Assert.DoesNotContain(priced.Steps, s => s.Phase == CalibrationPhase.Thresholds);
    }

    [Fact]
    public void The_log_has_one_csv_row_per_step_with_quoted_outcomes_and_empty_unmeasured_fields()
    {
        var steps = Q15Result.Value.Steps;
        var rows = CalibrationLog.Write(steps).TrimEnd('\n').Split('\n');

        Assert.Equal("phase,layer,group,value,skip_share,accuracy_percent,cycles,within_budget,outcome", rows[0]);
        Assert.Equal(steps.Count + 1, rows.Length);
        var theta = steps.Select((s, i) => (Step: s, Row: rows[i + 1])).First(p => p.Step.Phase == CalibrationPhase.ActivationThresholds);
        Assert.StartsWith(FormattableString.Invariant($"ActivationThresholds,{theta.Step.Layer},0,{theta.Step.Value:R},,{theta.Step.AccuracyPercent:R},,"), theta.Row, StringComparison.Ordinal);
        var quoted = CalibrationLog.Write([theta.Step with { Outcome = "beyond budget, \"looking further\"" }]).Split('\n')[1];
        Assert.EndsWith(",\"beyond budget, \"\"looking further\"\"\"", quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void Confirming_on_the_calibration_digits_themselves_changes_nothing()
    {
        var confirmed = new Calibrator(TinyNetwork.Definition(), TinyNetwork.Weights, Options).Calibrate(TinyNetwork.Data, confirmation: TinyNetwork.Data);
        Assert.Equal(1, confirmed.ConfirmationScale);
        Assert.NotNull(confirmed.ConfirmationLossPoints);
        Assert.True(confirmed.ConfirmationLossPoints <= Options.AccuracyBudgetPoints);
        Assert.Equal(CalibrationFile.Write(Q15Result.Value.Data), CalibrationFile.Write(confirmed.Data));
        Assert.Null(Q15Result.Value.ConfirmationLossPoints);
    }

    [Fact]
    public void Settings_that_lose_too_much_on_the_confirmation_digits_are_scaled_back_until_they_fit()
    {
        // Digits unlike the calibration data (uniform noise), labelled by the reference network itself: the settings
        // chosen on image-like digits flip more of them than the budget allows.
        var random = new Random(5);
        var samples = Enumerable.Range(0, TinyNetwork.Samples * 64).Select(_ => (float)((random.NextDouble() * 3) - 0.5)).ToArray();
        var reference = new ReferenceInterpreter(PreparedNetwork.Prepare(TinyNetwork.Definition(), TinyNetwork.Weights), implementations: [KernelImplementation.Dense]);
        var labels = Enumerable.Range(0, TinyNetwork.Samples).Select(i => reference.Predict(samples.AsSpan(i * 64, 64))).ToArray();
        var noise = new Dataset(samples, labels, TensorShape.Of(1, 8, 8), 3);

        // Counting flips only, the search goes far enough for the noise digits to notice.
        var flips = Options with { SearchLoss = SearchLoss.FlippedDigits };
        var searched = Calibrate(flips);
        var confirmed = new Calibrator(TinyNetwork.Definition(), TinyNetwork.Weights, flips).Calibrate(TinyNetwork.Data, confirmation: noise);

        Assert.True(confirmed.ConfirmationScale < 1, $"scale {confirmed.ConfirmationScale}");
        Assert.True(confirmed.ConfirmationLossPoints <= flips.AccuracyBudgetPoints || confirmed.ConfirmationScale == 0);
        Assert.Contains(confirmed.Steps, s => s.Phase == CalibrationPhase.Confirmation && !s.WithinBudget);
        foreach (var layer in searched.Data.Layers)
        {
            // θ and T scale back together.
            var scaled = confirmed.Data.Layer(layer.Label)!;
            Assert.Equal((float?)(layer.Threshold * confirmed.ConfirmationScale), scaled.Threshold);
            Assert.Equal((float?)(layer.ActivationThreshold * confirmed.ConfirmationScale), scaled.ActivationThreshold);
        }

        Assert.Contains(searched.Data.Layers, l => l.ActivationThreshold > 0);

        Assert.True(confirmed.Macs >= searched.Macs, "scaling thresholds back only gives savings back");
    }

    [Fact]
    public void Segment_evaluation_counts_exactly_what_the_whole_network_counts()
    {
        var result = Q15Result.Value;
        var definition = result.Definition;
        var implementations = definition.Layers.OfType<PrunableLayer>().Select(l => result.Implementations[l.Name]).ToArray();
        var interpreter = new ReferenceInterpreter(PreparedNetwork.Prepare(definition, TinyNetwork.Weights), implementations: implementations);
        var ledger = interpreter.CreateLedger();
        for (var i = 0; i < result.PricedSamples; i++)
        {
            interpreter.Run(TinyNetwork.Data.Sample(i), ledger);
        }

        for (var row = 0; row < ledger.Layout.Layers.Count; row++)
        {
            var label = ledger.Layout.Layers[row].Label;
            Assert.True(result.LayerEvents.TryGetValue(label, out var counted), label);
            Assert.Equal(ledger.Layer(row), counted);
        }

        var profile = CostProfile.For(definition.Options.Profile);
        Assert.Equal(profile.Cycles(ledger.Total) / result.PricedSamples, result.Cycles, 6);
    }

    [Fact]
    public void Cycles_not_macs_decide_a_threshold_that_fits_the_budget_but_saves_no_cycles_is_not_taken()
    {
        // On the MPY32 part a dense-layer MAC is cheap: some thresholds within the accuracy budget skip MACs yet cost
        // more in kernel overhead than they save. A MAC-minimising search would take them; this one must not.
        var result = Calibrate(Options, TinyNetwork.Definition(profile: TargetProfile.Msp430FR5994, division: DivisionApproximation.ReciprocalLut));
        var refused = result.Steps.Where(s => s.Phase == CalibrationPhase.Thresholds && s.WithinBudget && s.SkipShare > 0
            && s.Outcome.Contains("saves no cycles", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refused);
        Assert.All(result.Steps.Where(s => s.Outcome == "accepted"), s => Assert.True(s.Cycles < result.ReferenceCycles, $"{s.Layer}: {s.Cycles} >= {result.ReferenceCycles}"));
        Assert.True(result.Cycles <= result.ReferenceCycles);
        Assert.True(result.Macs <= result.ReferenceMacs);
    }

    [Fact]
    public void A_paper_style_gather_search_prices_only_gather_and_ends_no_cheaper_than_the_cheapest_kernels()
    {
        var gather = Calibrate(Options with { Implementation = KernelImplementation.Gather });
        Assert.All(gather.Implementations.Values, i => Assert.Equal(KernelImplementation.Gather, i));
        Assert.True(Q15Result.Value.Cycles <= gather.Cycles, $"{Q15Result.Value.Cycles} > {gather.Cycles}");
    }

    [Fact]
    public void Group_sizes_default_to_a_divisor_of_the_channel_count()
    {
        var options = CalibrationOptions.Default;
        Assert.Equal(3, Calibrator.GroupSizeFor(ConvolutionLayer.Conv2d("conv1", 6, 5), options));
        Assert.Equal(4, Calibrator.GroupSizeFor(ConvolutionLayer.Conv2d("conv2", 16, 5), options));
        Assert.Equal(0, Calibrator.GroupSizeFor(new DenseLayer("fc1", 10, PruningSettings.Default), options));
        Assert.Equal(5, Calibrator.GroupSizeFor(new DenseLayer("fc1", 10, PruningSettings.Default), options with { GroupSizes = new Dictionary<string, int> { ["fc1"] = 5 } }));
        Assert.Throws<ArgumentException>(() => Calibrator.GroupSizeFor(ConvolutionLayer.Conv2d("conv1", 6, 5), options with { GroupSizes = new Dictionary<string, int> { ["conv1"] = 4 } }));
    }

    [Fact]
    public void Progress_is_reported_for_every_phase()
    {
        var phases = new List<CalibrationPhase>();
        new Calibrator(TinyNetwork.Definition(), TinyNetwork.Weights, Options with { MaxEvaluations = 12 }).Calibrate(TinyNetwork.Data, p => phases.Add(p.Phase));
        Assert.Equal(
            [CalibrationPhase.Ranges, CalibrationPhase.Reference, CalibrationPhase.ActivationThresholds, CalibrationPhase.Thresholds, CalibrationPhase.Statistics, CalibrationPhase.Done],
            phases.Distinct());
    }

    [Fact]
    public void Float32_calibration_writes_its_format_and_profile()
    {
        var result = Calibrate(Options with { SearchActivationThresholds = false }, TinyNetwork.Definition(NumberFormat.Float32, DivisionApproximation.FloatBits));
        Assert.Equal(NumberFormat.Float32, result.Data.Format);
        Assert.Equal(TargetProfile.Msp430FR5994SoftFloat, result.Data.Profile);
        Assert.True(result.Cycles < result.ReferenceCycles);
        Assert.Equal(DivisionApproximation.FloatBits, result.Data.Division);
        Assert.DoesNotContain(result.Steps, s => s.Phase == CalibrationPhase.ActivationThresholds);
        Assert.All(result.Data.Layers.Where(l => l.ActivationThreshold is not null), l => Assert.Equal(0f, l.ActivationThreshold));
    }
}
