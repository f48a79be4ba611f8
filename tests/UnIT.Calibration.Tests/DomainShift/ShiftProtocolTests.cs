using UnIT.Calibration.DomainShift;
using UnIT.Training.Data;
using UnIT.Training.Data.Shifts;

namespace UnIT.Calibration.Tests.DomainShift;

public sealed class ShiftProtocolTests
{
    private static readonly DigitShift Shift = MnistShifts.Named("rotation");

    [Fact]
    public void Everything_that_chooses_sees_shifted_train_digits_only_and_the_sets_do_not_overlap()
    {
        var choosing = new[] { ShiftProtocol.FineTuningSet(Shift), ShiftProtocol.CalibrationSet(Shift), ShiftProtocol.ConfirmationSet(Shift) };
        Assert.All(choosing, set => Assert.Equal(MnistSplit.Train, set.Split));
        Assert.All(choosing, set => Assert.Equal(Shift, set.Shift));
        var ranges = choosing.Select(s => (s.Start, End: s.Start + s.Count)).OrderBy(r => r.Start).ToArray();
        for (var i = 1; i < ranges.Length; i++)
        {
            Assert.True(ranges[i - 1].End <= ranges[i].Start, $"train digits {ranges[i - 1]} and {ranges[i]} overlap");
        }

        Assert.Equal(ShiftProtocol.CalibrationDigits, ShiftProtocol.CalibrationSet(Shift).Count);
        Assert.True(ranges[^1].End <= MnistDataset.Load().Train.Count);
        Assert.Equal(MnistSplit.Test, ShiftProtocol.TestSet(Shift, 10).Split);
    }

    [Fact]
    public void The_fine_tuning_digits_are_the_clean_models_training_digits_shifted_with_their_labels()
    {
        var mnist = MnistDataset.Load();
        var fit = ShiftProtocol.FineTuningSet(Shift);
        Assert.Equal(mnist.Calibration.Count, fit.Start);
        Assert.Equal(mnist.SplitTrain(1000).Training.Count - mnist.Calibration.Count, fit.Count);
        Assert.Equal(mnist.Train.Slice(fit.Start, fit.Count).Labels.ToArray(), fit.Data.Labels.ToArray());
    }

    [Fact]
    public void Shift_specific_artifacts_live_in_the_shift_folder_one_set_per_shift_and_clean_ones_in_the_models_folder()
    {
        var artifacts = new ShiftArtifacts("models", Path.Combine("models", "domain-shift"));
        var files = new List<string>();
        foreach (var shift in MnistShifts.All)
        {
            foreach (var profile in ShiftProfile.All)
            {
                foreach (var method in ShiftMethods.All)
                {
                    var calibration = artifacts.Calibration(shift, method, profile);
                    var weights = artifacts.Weights(shift, method);
                    var specific = method.Retrains() || method == ShiftMethod.UnitRecalibrated;
                    Assert.Equal(specific ? artifacts.ShiftDirectory : artifacts.ModelsDirectory, Path.GetDirectoryName(calibration));
                    Assert.Equal(method.Retrains() ? artifacts.ShiftDirectory : artifacts.ModelsDirectory, Path.GetDirectoryName(weights));
                    if (specific)
                    {
                        Assert.StartsWith(shift.Name + ".", Path.GetFileName(calibration), StringComparison.Ordinal);
                        files.Add(calibration);
                    }
                }
            }
        }

        Assert.Equal(files.Count, files.Distinct().Count());
        Assert.Equal("MnistDenseQ15ReciprocalLutGather", ShiftProfile.Q15.CleanCalibrationName(ShiftMethod.UnitClean));
        Assert.Equal("MnistPrunedSoft", ShiftProfile.SoftFloat.CleanCalibrationName(ShiftMethod.Pruned));
    }

    [Fact]
    public void The_99th_percentile_is_the_nearest_rank()
    {
        var hundred = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        Assert.Equal(99, ShiftMeasurement.Percentile(hundred, 0.99));
        Assert.Equal(10, ShiftMeasurement.Percentile(Enumerable.Range(1, 10).Select(i => (double)i).ToArray(), 0.99));
        Assert.Equal(1, ShiftMeasurement.Percentile([3.0, 1.0, 2.0], 0.01));
    }

    [Fact]
    public void Fine_tuning_and_re_calibration_use_the_stated_recipe_and_budget()
    {
        var fineTuning = ShiftProtocol.FineTuning(threads: 1);
        Assert.Equal(ShiftProtocol.FineTuningEpochs, fineTuning.Epochs);
        Assert.Equal(0, fineTuning.MaxTranslation);
        var recalibration = ShiftProtocol.Recalibration("x", 1);
        Assert.Equal(CalibrationOptions.Default.AccuracyBudgetPoints, recalibration.AccuracyBudgetPoints);
        Assert.Equal(CalibrationOptions.Default.ActivationBudgetPoints, recalibration.ActivationBudgetPoints);
        var ranges = ShiftProtocol.RangesOnly("x", 1);
        Assert.False(ranges.SearchThresholds);
        Assert.False(ranges.SearchActivationThresholds);
    }
}
