using Spectre.Console;
using UnIT.Calibration;
using UnIT.Calibration.DomainShift;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Training;
using UnIT.Training.Data;
using UnIT.Training.Data.Shifts;
using UnIT.Training.Serialization;

namespace UnIT.Cli.Shift;

/// <summary>
/// Precomputes what the domain-shift protocol needs per shift (the expensive part, committed as artifacts): the dense and
/// the pruned model fine-tuned on shifted train digits, their measured ranges on each profile, and UnIT's thresholds
/// re-calibrated on shifted calibration digits. Only shifted <em>train</em> digits are used.
/// </summary>
internal sealed class ShiftPreparation(ShiftArtifacts artifacts, IAnsiConsole console, int threads)
{
    /// <summary>Writes every artifact of <paramref name="shift"/> that is missing (all of them with <paramref name="force"/>).</summary>
    public void Prepare(DigitShift shift, bool force)
    {
        Directory.CreateDirectory(artifacts.ShiftDirectory);
        var fit = new Lazy<ShiftedDigits>(() => ShiftProtocol.FineTuningSet(shift));
        foreach (var (method, source, keepMask) in new[] { (ShiftMethod.DenseRetrained, artifacts.DenseWeights, false), (ShiftMethod.PrunedRetrained, artifacts.PrunedWeights, true) })
        {
            var output = artifacts.Weights(shift, method);
            if (force || !File.Exists(output))
            {
                FineTune(shift, method, source, keepMask, fit.Value, output);
            }
        }

        var calibration = new Lazy<ShiftedDigits>(() => ShiftProtocol.CalibrationSet(shift));
        var confirmation = new Lazy<ShiftedDigits>(() => ShiftProtocol.ConfirmationSet(shift));
        foreach (var profile in ShiftProfile.All)
        {
            foreach (var method in new[] { ShiftMethod.DenseRetrained, ShiftMethod.PrunedRetrained, ShiftMethod.UnitRecalibrated })
            {
                var output = artifacts.Calibration(shift, method, profile);
                if (force || !File.Exists(output))
                {
                    Calibrate(shift, method, profile, calibration.Value, method.UsesUnit() ? confirmation.Value : null, output);
                }
            }
        }
    }

    private void FineTune(DigitShift shift, ShiftMethod method, string source, bool keepMask, ShiftedDigits fit, string output)
    {
        var network = TrainableNetwork.Create(ShiftCommand.PaperNetwork("mnist", NetworkOptions.Default), seed: 1);
        StateDictFile.Load(network, source, freezeZeroWeights: keepMask);
        var options = ShiftProtocol.FineTuning(threads);
        var epochs = new Trainer(network, options).Train(fit.Data);
        StateDictFile.Save(network, output);
        console.MarkupLine(TrainCommand.Invariant(
            $"{Markup.Escape(shift.Name)}: {Markup.Escape(method.Label())} fine-tuned {options.Epochs} epochs on {fit.Count:N0} shifted train digits (last epoch {epochs[^1].AccuracyPercent:0.00} %, {network.Sparsity:P1} of the weights pruned) → [green]{Markup.Escape(output)}[/]"));
    }

    private void Calibrate(DigitShift shift, ShiftMethod method, ShiftProfile profile, ShiftedDigits digits, ShiftedDigits? confirmation, string output)
    {
        var name = ShiftProtocol.CalibrationName(shift, method, profile);
        var definition = ShiftCommand.PaperNetwork(name, profile.Options(MnistDataset.Mean, MnistDataset.StandardDeviation));
        var options = method.UsesUnit() ? ShiftProtocol.Recalibration(name, threads) : ShiftProtocol.RangesOnly(name, threads);
        var weights = WeightFile.Load(artifacts.Weights(shift, method));
        var result = new Calibrator(definition, weights, options).Calibrate(digits.Data, progress: null, confirmation?.Data);
        File.WriteAllText(output, CalibrationFile.Write(result.Data));
        console.MarkupLine(TrainCommand.Invariant(
            $"{Markup.Escape(shift.Name)}: {Markup.Escape(method.Label())}, {Markup.Escape(profile.Label)}: accuracy {result.ReferenceAccuracyPercent:0.00} → {result.AccuracyPercent:0.00} %, cycles {result.ReferenceCycles:N0} → {result.Cycles:N0}, MACs {result.Macs:N0} on {digits.Count:N0} shifted calibration digits{(result.ConfirmationLossPoints is { } lost ? TrainCommand.Invariant($"; confirmation: x {result.ConfirmationScale:0.##}, {lost:0.00} points lost") : string.Empty)} → [green]{Markup.Escape(output)}[/]"));
    }
}
