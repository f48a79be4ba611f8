using UnIT.Calibration.Evaluation;
using UnIT.Training.Data;

namespace UnIT.Calibration;

/// <summary>
/// What a setting costs against the reference (UnIT off, plain ReLUs) on one set of digits, in percentage points of
/// those digits. Counted pessimistically: digits the setting happens to fix do not pay for the ones it breaks, or a
/// search that tries many settings would select the lucky ones and spend the budget twice.
/// </summary>
internal sealed class AccuracyLoss
{
    private readonly Dataset _digits;
    private readonly bool[] _referenceCorrect;
    private readonly double[] _referenceTrueProbability;

    /// <summary>Measures against <paramref name="reference"/>, an evaluation of the reference settings on <paramref name="digits"/>.</summary>
    public AccuracyLoss(Dataset digits, EvaluationResult reference)
    {
        _digits = digits;
        _referenceCorrect = new bool[digits.Count];
        _referenceTrueProbability = new double[digits.Count];
        for (var d = 0; d < digits.Count; d++)
        {
            _referenceCorrect[d] = reference.Predictions[d] == digits.Label(d);
            _referenceTrueProbability[d] = TrueClassProbability(reference.Outputs[^1][d], digits.Label(d));
        }
    }

    /// <summary>The loss of <paramref name="evaluation"/> as <paramref name="measure"/> counts it.</summary>
    public double Points(EvaluationResult evaluation, SearchLoss measure) => measure switch
    {
        SearchLoss.FlippedDigits => FlippedPoints(evaluation),
        SearchLoss.TrueClassProbability => ProbabilityPoints(evaluation),
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown loss measure."),
    };

    /// <summary>Digits the reference classifies correctly and <paramref name="evaluation"/> does not.</summary>
    public double FlippedPoints(EvaluationResult evaluation)
    {
        var lost = 0;
        for (var d = 0; d < _referenceCorrect.Length; d++)
        {
            if (_referenceCorrect[d] && evaluation.Predictions[d] != _digits.Label(d))
            {
                lost++;
            }
        }

        return 100.0 * lost / _digits.Count;
    }

    /// <summary>As <see cref="FlippedPoints"/>, plus the drop in true-class probability of the digits that did not flip.</summary>
    public double ProbabilityPoints(EvaluationResult evaluation)
    {
        var lost = 0.0;
        var outputs = evaluation.Outputs[^1];
        for (var d = 0; d < _referenceCorrect.Length; d++)
        {
            if (!_referenceCorrect[d])
            {
                continue;
            }

            var label = _digits.Label(d);
            lost += evaluation.Predictions[d] != label
                ? 1.0
                : Math.Max(0.0, _referenceTrueProbability[d] - TrueClassProbability(outputs[d], label));
        }

        return 100.0 * lost / _digits.Count;
    }

    /// <summary>The softmax probability of class <paramref name="label"/> (shifted by the largest logit, so it cannot overflow).</summary>
    private static double TrueClassProbability(float[] logits, int label)
    {
        var largest = logits.Max();
        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - largest);
        }

        return Math.Exp(logits[label] - largest) / sum;
    }
}
