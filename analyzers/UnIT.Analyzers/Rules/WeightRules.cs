using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using UnIT.Analyzers.Diagnostics;
using UnIT.Analyzers.Infrastructure;
using UnIT.Model;
using UnIT.Preparation;
using UnIT.Semantics;

namespace UnIT.Analyzers.Rules;

/// <summary>
/// Rules that compare thresholds with the folded weights and the input range: UNIT002 (a threshold that skips every
/// MAC) and UNIT003 (a threshold below the number format's resolution).
/// </summary>
internal static class WeightRules
{
    /// <summary>Float32's resolution relative to the largest product: 2^-24, the unit roundoff of a float significand.</summary>
    public const int Float32ResolutionBits = 24;

    /// <summary>Reports UNIT002 and UNIT003; returns the labels of the layers it reported on.</summary>
    public static IReadOnlyCollection<string> Check(NetworkSite site, NetworkAnalysis analysis, string? calibrationName, Action<Diagnostic> reportAny)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in site.Layers.Where(l => l.IsPrunable && l.Implementation != KernelImplementation.Dense))
        {
            void report(Diagnostic diagnostic)
            {
                reported.Add(layer.Label);
                reportAny(diagnostic);
            }

            if (analysis.MacLayer(layer.Index) is not { } mac || analysis.Declared.Layers[layer.Index] is not PrunableLayer declared)
            {
                continue;
            }

            var range = mac.Quantization.InputRange;
            var source = RangeSource(analysis, layer.Index, calibrationName);
            var settings = declared.Pruning;
            if (settings.GroupThresholds.Count > 0)
            {
                var groupSize = settings.GroupSize == 0 ? mac.Geometry.OutChannels : settings.GroupSize;
                for (var g = 0; g < settings.GroupThresholds.Count; g++)
                {
                    var target = new Target(
                        $"GroupThresholds[{g}]", Numbers.Exact(settings.GroupThresholds[g]),
                        $"group {g} ({Channels(g * groupSize, groupSize)}) of layer '{layer.Label}'",
                        layer.ElementLocation("GroupThresholds", g), Element: true);
                    CheckThreshold(settings.GroupThresholds[g], MaxMagnitude(mac, g * groupSize, groupSize), range, source, mac, analysis, target, report);
                }
            }
            else
            {
                var threshold = analysis.Declared.LayerThreshold(declared);
                var target = settings.Threshold is null
                    ? new Target("Threshold", Numbers.Exact(threshold) + " (inherited from [UnitNetwork])", $"layer '{layer.Label}'", layer.Location, Element: false)
                    : new Target("Threshold", Numbers.Exact(threshold), $"layer '{layer.Label}'", layer.ArgumentLocation("Threshold"), Element: false);
                CheckThreshold(threshold, MaxMagnitude(mac, 0, mac.Geometry.OutChannels), range, source, mac, analysis, target, report);
            }
        }

        return reported;
    }

    private static void CheckThreshold(
        float threshold, double maxWeight, double range, string source, PreparedMacLayer mac, NetworkAnalysis analysis, Target target, Action<Diagnostic> report)
    {
        if (!(threshold > 0f) || maxWeight == 0 || range == 0)
        {
            return; // off, or a layer without weights or input: nothing a threshold could change
        }

        var q15 = analysis.Effective.Options.Format == NumberFormat.Q15;
        var productScale = mac.Quantization.InputScale + mac.WeightScale;
        var largestProduct = maxWeight * range;
        var resolution = q15 ? FloatBitConversions.PowerOfTwo(-productScale) : largestProduct * FloatBitConversions.PowerOfTwo(-Float32ResolutionBits);
        bool IsEffective(float value) => q15 ? Q15.QuantizeThreshold(value, productScale) >= 1 : value >= resolution;

        if (threshold >= largestProduct)
        {
            // Clamp to half the bound: the largest round value at which the biggest products (above half the largest
            // possible one) still count.
            var clamped = Numbers.RoundDownTwoDigits(largestProduct / 2);
            var fix = clamped > 0f && clamped < largestProduct && IsEffective(clamped)
                ? Fix(target, $"Clamp {target.Name} to {Numbers.Literal(clamped)} (half of max|w| · max|a|)", clamped)
                : null;
            report(Diagnostic.Create(DiagnosticDescriptors.ThresholdSkipsEveryMac, target.Location, fix,
                target.Name, target.Value, target.Scope, Numbers.Quantity(maxWeight), Numbers.Quantity(range), Numbers.Quantity(largestProduct), source));
            return;
        }

        if (IsEffective(threshold))
        {
            return;
        }

        var raised = Numbers.RoundUpTwoDigits(resolution);
        if (!IsEffective(raised))
        {
            raised = (float)resolution;
        }

        var why = q15
            ? $"its integer threshold ⌊T · 2^(s_in+s_w)⌋ = ⌊{Numbers.Exact(threshold)} · {Numbers.PowerOfTwo(productScale)}⌋ is 0 (s_in = {Numbers.Integer(mac.Quantization.InputScale)}, s_w = {Numbers.Integer(mac.WeightScale)}), so it skips nothing that 0 would not"
            : $"it is below 2^-24 · max|w| · max|a| = 2^-24 · {Numbers.Quantity(maxWeight)} · {Numbers.Quantity(range)} = {Numbers.Quantity(resolution)}, so every product it can skip is below the float rounding of the largest product (max|a|: {source})";
        var smallest = q15 ? $"{Numbers.PowerOfTwo(-productScale)} ≈ {Numbers.Quantity(resolution)}" : Numbers.Quantity(resolution);
        report(Diagnostic.Create(DiagnosticDescriptors.ThresholdBelowResolution, target.Location,
            IsEffective(raised) ? Fix(target, $"Raise {target.Name} to {Numbers.Literal(raised)}, the smallest effective value", raised) : null,
            target.Name, target.Value, target.Scope, q15 ? "Q15" : "Float32", why, smallest));
    }

    private static ImmutableDictionary<string, string?> Fix(Target target, string title, float value) =>
        target.Element
            ? FixProperties.Fix(title).Replace(Numbers.Literal(value)).Build()
            : FixProperties.Fix(title).Set("Threshold", Numbers.Literal(value)).Build();

    private static string Channels(int first, int count) =>
        count == 1 ? "channel " + Numbers.Integer(first) : $"channels {Numbers.Integer(first)}-{Numbers.Integer(first + count - 1)}";

    /// <summary>max|w| over output channels [first, first + count) of the folded weights.</summary>
    private static double MaxMagnitude(PreparedMacLayer mac, int first, int count)
    {
        var fanIn = mac.Geometry.FanIn;
        var weights = mac.Weights.Slice(first * fanIn, count * fanIn);
        var max = 0f;
        foreach (var w in weights)
        {
            max = Math.Max(max, Math.Abs(w));
        }

        return max;
    }

    /// <summary>Where the input range of definition layer <paramref name="index"/> comes from, for messages.</summary>
    public static string RangeSource(NetworkAnalysis analysis, int index, string? calibrationName)
    {
        var declared = analysis.Declared;
        for (var i = index - 1; i >= 0; i--)
        {
            if (declared.Layers[i] is PrunableLayer previous)
            {
                var label = declared.LayerLabel(i);
                return previous.Pruning.OutputRange is { } range
                    ? $"OutputRange = {Numbers.Exact(range)} declared on '{label}'"
                    : analysis.Calibration?.Layer(label)?.OutputRange is { } measured
                        ? $"output range {Numbers.Exact(measured)} of '{label}' measured in '{calibrationName}'"
                        : $"a worst-case bound from the weights of '{label}' (no OutputRange declared or calibrated)";
            }
        }

        return declared.Options.InputRange is { } input
            ? $"InputRange = {Numbers.Exact(input)} declared on [UnitNetwork]"
            : analysis.Calibration is { } calibration
                ? $"input range {Numbers.Exact(calibration.InputRange)} measured in '{calibrationName}'"
                : "no InputRange declared or calibrated, so 1 is assumed";
    }

    private sealed record Target(string Name, string Value, string Scope, Location Location, bool Element);
}
