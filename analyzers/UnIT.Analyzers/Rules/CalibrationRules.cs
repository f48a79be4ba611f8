using System.Globalization;
using Microsoft.CodeAnalysis;
using UnIT.Analyzers.Diagnostics;
using UnIT.Analyzers.Infrastructure;
using UnIT.Calibration;
using UnIT.Model;

namespace UnIT.Analyzers.Rules;

/// <summary>UNIT008: thresholds (T, group thresholds, θ) that differ from the network's calibration file.</summary>
internal static class CalibrationRules
{
    public static void Check(NetworkSite site, NetworkDefinition definition, string fileName, CalibrationData calibration, Action<Diagnostic> report)
    {
        var evidence = string.Format(CultureInfo.InvariantCulture, "{0} samples; accuracy {1:0.0##} % with it vs {2:0.0##} % without UnIT, budget {3} points",
            calibration.Samples, calibration.CalibratedAccuracy * 100, calibration.BaselineAccuracy * 100, calibration.AccuracyBudgetPoints);
        foreach (var layer in site.Layers)
        {
            if (calibration.Layer(layer.Label) is not { } calibrated)
            {
                continue;
            }

            if (layer.IsPrunable && definition.Layers[layer.Index] is PrunableLayer prunable)
            {
                CheckPrunable(layer, prunable, definition, calibrated, fileName, evidence, report);
            }
            else if (layer.Kind == LayerKind.ReLU && calibrated.ActivationThreshold is { } theta)
            {
                var declared = layer.Arguments.Float("ActivationThreshold") ?? 0f;
                if (!declared.Equals(theta))
                {
                    var fix = theta == 0f
                        ? FixProperties.Fix("Apply the calibrated ActivationThreshold (0: a plain ReLU)").Remove("ActivationThreshold")
                        : FixProperties.Fix($"Apply the calibrated ActivationThreshold = {Numbers.Literal(theta)}").Set("ActivationThreshold", Numbers.Literal(theta));
                    report(Diagnostic.Create(DiagnosticDescriptors.ThresholdDiffersFromCalibration, layer.ArgumentLocation("ActivationThreshold"), fix.Build(),
                        "ActivationThreshold", Numbers.Exact(declared), layer.Label, Numbers.Exact(theta), fileName, evidence));
                }
            }
        }
    }

    private static void CheckPrunable(
        LayerSite layer, PrunableLayer prunable, NetworkDefinition definition, CalibratedLayer calibrated, string fileName, string evidence, Action<Diagnostic> report)
    {
        var settings = prunable.Pruning;
        var declaredGroups = settings.GroupThresholds;
        var declaredThreshold = definition.LayerThreshold(prunable);
        var thresholdText = settings.Threshold is null
            ? Numbers.Exact(declaredThreshold) + " (inherited from [UnitNetwork])"
            : Numbers.Exact(declaredThreshold);
        string groupsText(int size, IEnumerable<float> thresholds) => $"{Numbers.List(thresholds)} with GroupSize = {Numbers.Integer(size)}";

        if (calibrated.GroupThresholds.Count > 0)
        {
            if (settings.GroupSize == calibrated.GroupSize && declaredGroups.SequenceEqual(calibrated.GroupThresholds))
            {
                return;
            }

            var (name, value, location) = declaredGroups.Count > 0
                ? ("GroupThresholds", groupsText(settings.GroupSize, declaredGroups), layer.ArgumentLocation("GroupThresholds"))
                : ("Threshold", thresholdText, layer.ArgumentLocation("Threshold"));
            var fix = FixProperties.Fix("Apply the calibrated group thresholds")
                .Set("GroupSize", Numbers.Integer(calibrated.GroupSize))
                .Set("GroupThresholds", Numbers.ArrayLiteral(calibrated.GroupThresholds));
            report(Diagnostic.Create(DiagnosticDescriptors.ThresholdDiffersFromCalibration, location, fix.Build(),
                name, value, layer.Label, "GroupThresholds " + groupsText(calibrated.GroupSize, calibrated.GroupThresholds), fileName, evidence));
        }
        else if (calibrated.Threshold is { } threshold)
        {
            if (declaredGroups.Count > 0)
            {
                var fix = FixProperties.Fix($"Apply the calibrated Threshold = {Numbers.Literal(threshold)}")
                    .Set("Threshold", Numbers.Literal(threshold))
                    .Remove("GroupSize", "GroupThresholds");
                report(Diagnostic.Create(DiagnosticDescriptors.ThresholdDiffersFromCalibration, layer.ArgumentLocation("GroupThresholds"), fix.Build(),
                    "GroupThresholds", groupsText(settings.GroupSize, declaredGroups), layer.Label, "single Threshold " + Numbers.Exact(threshold), fileName, evidence));
            }
            else if (!declaredThreshold.Equals(threshold))
            {
                var fix = FixProperties.Fix($"Apply the calibrated Threshold = {Numbers.Literal(threshold)}").Set("Threshold", Numbers.Literal(threshold));
                report(Diagnostic.Create(DiagnosticDescriptors.ThresholdDiffersFromCalibration, layer.ArgumentLocation("Threshold"), fix.Build(),
                    "Threshold", thresholdText, layer.Label, Numbers.Exact(threshold), fileName, evidence));
            }
        }
    }
}
