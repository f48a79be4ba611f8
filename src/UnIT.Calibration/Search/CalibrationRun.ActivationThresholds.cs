using UnIT.Calibration.Evaluation;

namespace UnIT.Calibration;

/// <summary>Step: the θ search, one ReLU at a time.</summary>
internal sealed partial class CalibrationRun
{
    /// <summary>The paper's θ search for one ReLU: double from the initial value while within budget, then bisect.</summary>
    private void SearchActivationThreshold(int relu)
    {
        var budget = Options.ActivationBudgetPoints;
        var label = _declared.LayerLabel(relu);
        var low = 0f;
        float? high = null;
        EvaluationResult? best = null;
        var theta = Options.InitialActivationThreshold;
        for (var doubling = 0; ; doubling++)
        {
            var evaluation = TryTheta(relu, theta, budget, label, "doubling", out var ok);
            if (!ok)
            {
                high = theta;
                break;
            }

            (low, best) = (theta, evaluation);
            if (doubling == Options.MaxActivationDoublings)
            {
                break;
            }

            theta *= 2;
        }

        for (var b = 0; high is { } h && b < Options.ActivationBisectionSteps; b++)
        {
            var middle = (low + h) / 2;
            var evaluation = TryTheta(relu, middle, budget, label, "bisection", out var ok);
            if (ok)
            {
                (low, best) = (middle, evaluation);
            }
            else
            {
                high = middle;
            }
        }

        _theta[relu] = low;
        if (best is not null)
        {
            Evaluator.Commit(best);
        }

        Report(CalibrationPhase.ActivationThresholds, FormattableString.Invariant($"{label}: θ = {low:G4}"), Evaluator.Current!);
    }

    private EvaluationResult TryTheta(int relu, float theta, double budget, string label, string kind, out bool ok)
    {
        var previous = _theta[relu];
        _theta[relu] = theta;
        var evaluation = Evaluate(Current(), priced: false);
        _theta[relu] = previous;
        ok = LossPoints(evaluation) <= budget;
        Steps.Add(new CalibrationStep(CalibrationPhase.ActivationThresholds, label, 0, theta, double.NaN, evaluation.AccuracyPercent, double.NaN, ok, kind));
        Report(CalibrationPhase.ActivationThresholds, FormattableString.Invariant($"{label}: θ = {theta:G4} → {evaluation.AccuracyPercent:0.00} % ({(ok ? "within" : "beyond")} budget)"), evaluation);
        return evaluation;
    }
}
