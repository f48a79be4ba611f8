using UnIT.Calibration.Evaluation;
using UnIT.Model;
using UnIT.Training.Data;

namespace UnIT.Calibration;

/// <summary>Step: checking the chosen settings on the confirmation digits.</summary>
internal sealed partial class CalibrationRun
{
    /// <summary>
    /// Checks the chosen settings on the confirmation digits (digits flipped against the same reference settings, the
    /// strict count whatever <see cref="CalibrationOptions.SearchLoss"/> is) and, while they exceed the budget there,
    /// scales every chosen θ and T together by 0.9, 0.8, …, 0. Smaller thresholds skip fewer products, so this only
    /// gives back savings; nothing is searched on these digits.
    /// </summary>
    private (double? LossPoints, double Scale) Confirm(Dataset confirmation, NetworkDefinition referenceDefinition, int[] starts)
    {
        var checker = new NetworkEvaluator(confirmation, Owner.Weights, starts, Options.Implementation, _profile, Options.MaxDegreeOfParallelism, outputsOnInterpreter: Options.OutputsOnInterpreter);
        var loss = new AccuracyLoss(confirmation, checker.Evaluate(referenceDefinition, priced: false));
        Evaluations++;
        var chosenThresholds = Thresholds.ToDictionary(p => p.Key, p => p.Value.ToArray());
        var chosenTheta = new Dictionary<int, float>(_theta);
        var budget = Options.AccuracyBudgetPoints;
        for (var step = 10; ; step--)
        {
            var factor = step / 10.0;
            foreach (var (layer, groups) in chosenThresholds)
            {
                Thresholds[layer] = groups.Select(t => (float)(t * factor)).ToArray();
            }

            foreach (var (relu, theta) in chosenTheta)
            {
                _theta[relu] = (float)(theta * factor);
            }

            var evaluation = checker.Evaluate(Current(), priced: false);
            Evaluations++;
            var lost = loss.FlippedPoints(evaluation);
            var ok = lost <= budget;
            Steps.Add(new CalibrationStep(CalibrationPhase.Confirmation, "every θ and T", 0, (float)factor, double.NaN, evaluation.AccuracyPercent, double.NaN, ok,
                FormattableString.Invariant($"confirmation digits: {lost:0.00} points lost, {(ok ? "within" : "beyond")} budget")));
            Report(CalibrationPhase.Confirmation, FormattableString.Invariant($"confirmation: every θ and T x {factor:0.##} → {lost:0.00} points lost ({(ok ? "within" : "beyond")} budget)"), evaluation);
            if (ok || step == 0)
            {
                return (lost, factor);
            }
        }
    }

    /// <summary>
    /// Settings that cost more cycles than UnIT off are never the answer: confirmation can scale thresholds down until
    /// a kernel's decisions cost more than the products they still skip. Restores the reference's settings (every T 0,
    /// θ as it started) and records why.
    /// </summary>
    private void TurnUnitOff(Dictionary<int, float[]> thresholds, Dictionary<int, float> theta, EvaluationResult reference, EvaluationResult chosen)
    {
        foreach (var (layer, groups) in thresholds)
        {
            Thresholds[layer] = groups.ToArray();
        }

        foreach (var (relu, value) in theta)
        {
            _theta[relu] = value;
        }

        var outcome = FormattableString.Invariant(
            $"the chosen settings cost {chosen.Cycles:N0} cycles, more than UnIT off ({reference.Cycles:N0}): every θ and T reset, UnIT off");
        Steps.Add(new CalibrationStep(CalibrationPhase.Confirmation, "every θ and T", 0, 0f, double.NaN, reference.AccuracyPercent, reference.Cycles, true, outcome));
        Report(CalibrationPhase.Confirmation, outcome, reference);
    }
}
