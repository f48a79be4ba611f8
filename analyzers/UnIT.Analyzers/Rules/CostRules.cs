using System.Globalization;
using Microsoft.CodeAnalysis;
using UnIT.Analyzers.Diagnostics;
using UnIT.Analyzers.Infrastructure;
using UnIT.Costs;
using UnIT.Semantics;

namespace UnIT.Analyzers.Rules;

/// <summary>
/// Rules priced with the target's cost profile: UNIT006 (a division approximation the profile runs badly), UNIT007
/// (a forced kernel implementation slower than the planner's choice) and UNIT010 (thresholds that cost more than they save).
/// </summary>
internal static class CostRules
{
    /// <summary>Differences below one cycle per inference are estimation noise, not advice.</summary>
    private const double MinimumCycles = 1.0;

    /// <summary>UNIT007, on every <c>Implementation = ...</c> the planner prices above its own choice.</summary>
    public static void CheckForcedImplementations(NetworkSite site, NetworkAnalysis analysis, Action<Diagnostic> report)
    {
        foreach (var choice in analysis.Plan.Layers.Where(c => c.Forced))
        {
            var best = choice.Estimates[0];
            var chosen = choice.Chosen;
            var layer = site.Layers.FirstOrDefault(l => l.IsPrunable && l.Label == choice.Label);
            if (layer is null || chosen.Cycles - best.Cycles < MinimumCycles)
            {
                continue;
            }

            report(Diagnostic.Create(DiagnosticDescriptors.ForcedImplementationSlower, layer.ArgumentLocation("Implementation"),
                FixProperties.Fix($"Let the planner choose (remove Implementation = {chosen.Implementation})").Remove("Implementation").Build(),
                layer.Label, chosen.Implementation.ToString(), Numbers.Cycles(chosen.Cycles), analysis.Profile.Id.ToString(),
                best.Implementation.ToString(), Numbers.Cycles(best.Cycles), choice.Statistics.Source));
        }
    }

    /// <summary>
    /// UNIT010, on the threshold of every conv/dense layer the planner prices above the same layer with thresholds 0
    /// (each planned with its cheapest kernel, or the forced one), when the network has no calibration file: then the
    /// thresholds were not chosen by measuring cycles, and the planner's statistics are assumptions the user should
    /// replace. (With a calibration file, calibration has priced the thresholds on the data; UNIT008 covers edits.)
    /// </summary>
    /// <param name="site">The declaration.</param>
    /// <param name="analysis">The network bound and planned.</param>
    /// <param name="alreadyReported">Layers whose thresholds another rule reported (UNIT002, UNIT003): one mistake, one diagnostic.</param>
    /// <param name="report">Where diagnostics go.</param>
    public static void CheckThresholdsPay(NetworkSite site, NetworkAnalysis analysis, IReadOnlyCollection<string> alreadyReported, Action<Diagnostic> report)
    {
        if (analysis.Calibration is not null || analysis.PlanWithoutThresholds is not { } without)
        {
            return;
        }

        foreach (var choice in analysis.Plan.Layers)
        {
            var layer = site.Layers.FirstOrDefault(l => l.IsPrunable && l.Label == choice.Label);
            var withThresholds = choice.Chosen;
            var withoutThresholds = without.ChoiceFor(choice.Label).Chosen;
            var slower = withThresholds.Cycles - withoutThresholds.Cycles;
            if (layer is null || alreadyReported.Contains(layer.Label) || analysis.MacLayer(layer.Index) is not { HasThreshold: true } || slower < Math.Max(MinimumCycles, 0.01 * withoutThresholds.Cycles))
            {
                continue;
            }

            var where = layer.Argument("GroupThresholds") is not null ? "GroupThresholds" : layer.Argument("Threshold") is not null ? "Threshold" : null;
            const string Advice = "measure the layer's real inputs (unit profile --inputs your-data.npy, then Calibration = \"<file>\"), let unit calibrate choose the thresholds, or set them to 0 on this layer";
            report(Diagnostic.Create(DiagnosticDescriptors.ThresholdsSlowerThanNone,
                where is null ? site.ArgumentLocation("Threshold") : layer.ArgumentLocation(where),
                layer.Label, Numbers.Cycles(withThresholds.Cycles), analysis.Profile.Id.ToString(), withThresholds.Implementation.ToString(),
                Numbers.Cycles(withoutThresholds.Cycles), withoutThresholds.Implementation.ToString(), choice.Statistics.Source, Advice));
        }
    }

    /// <summary>
    /// UNIT006: the network's division approximation is dominated on its profile — another approximation is at least as
    /// accurate (error bound no larger) and cheaper per quotient — and planning the network with that one is predicted
    /// to save cycles per inference.
    /// </summary>
    public static void CheckDivision(NetworkSite site, NetworkAnalysis analysis, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var options = analysis.Effective.Options;
        var division = options.Division;
        var price = analysis.Profile.CyclesPer(QuotientEvent(division));
        var bound = ErrorBound(division, options.ReciprocalTableBits);
        var planned = analysis.PlannedCycles;

        DivisionApproximation? better = null;
        var saving = 0.0;
        foreach (var candidate in new[] { DivisionApproximation.Exact, DivisionApproximation.Pow2, DivisionApproximation.ReciprocalLut, DivisionApproximation.FloatBits })
        {
            if (candidate == division
                || ErrorBound(candidate, options.ReciprocalTableBits) > bound
                || !(analysis.Profile.CyclesPer(QuotientEvent(candidate)) < price)
                || analysis.PlannedCyclesWith(candidate, cancellationToken) is not { } cycles)
            {
                continue;
            }

            if (planned - cycles > saving)
            {
                (better, saving) = (candidate, planned - cycles);
            }
        }

        if (better is not { } alternative || saving < MinimumCycles)
        {
            return;
        }

        var alternativePrice = analysis.Profile.CyclesPer(QuotientEvent(alternative));
        var quotients = string.Join(", ", analysis.Plan.Layers.Select(l => $"{l.Label} {Numbers.Cycles(l.Chosen.Quotients)} ({l.Chosen.Implementation})"));
        report(Diagnostic.Create(DiagnosticDescriptors.DivisionUnsuitedToProfile, site.ArgumentLocation("Division"),
            FixProperties.Fix($"Use Division = {alternative}").Set("Division", "global::UnIT.DivisionApproximation." + alternative).Build(),
            division.ToString(), Numbers.Price(price), analysis.Profile.Id.ToString(), alternative.ToString(), Numbers.Price(alternativePrice),
            $"error bound {Describe(division, options.ReciprocalTableBits)} vs {Describe(alternative, options.ReciprocalTableBits)}",
            Numbers.Price(price - alternativePrice), Numbers.Cycles(saving), "planned quotients per inference: " + quotients));
    }

    /// <summary>The largest relative error against the exact quotient (docs/semantics.md).</summary>
    public static double ErrorBound(DivisionApproximation division, int tableBits) => division switch
    {
        DivisionApproximation.Exact => 0,
        DivisionApproximation.ReciprocalLut => ReciprocalTable.RelativeErrorBound(tableBits),
        DivisionApproximation.FloatBits => 0.125,
        _ => 1.0,
    };

    private static string Describe(DivisionApproximation division, int tableBits) => division switch
    {
        DivisionApproximation.Exact => "exact",
        DivisionApproximation.ReciprocalLut => "±" + (ReciprocalTable.RelativeErrorBound(tableBits) * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %",
        DivisionApproximation.FloatBits => "+12.5 %",
        _ => "+100 %",
    };

    private static CostEvent QuotientEvent(DivisionApproximation division) => division switch
    {
        DivisionApproximation.Exact => CostEvent.QuotientExact,
        DivisionApproximation.Pow2 => CostEvent.QuotientPow2,
        DivisionApproximation.ReciprocalLut => CostEvent.QuotientReciprocalLut,
        _ => CostEvent.QuotientFloatBits,
    };
}
