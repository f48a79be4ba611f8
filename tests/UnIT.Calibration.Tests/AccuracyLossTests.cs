using UnIT.Calibration.Evaluation;
using UnIT.Model;
using UnIT.Training.Data;

namespace UnIT.Calibration.Tests;

public sealed class AccuracyLossTests
{
    // Three digits of classes 0, 1, 2; the reference gets the first two right.
    private static readonly Dataset Digits = new(new float[3], new[] { 0, 1, 2 }, TensorShape.Of(1), 3);

    private static readonly AccuracyLoss Loss = new(Digits, Evaluation(
        [2f, 0f, 0f],  // digit 0: right, p(0) = 0.787
        [0f, 3f, 0f],  // digit 1: right
        [1f, 0f, 0f])); // digit 2: wrong

    [Fact]
    public void A_flipped_digit_costs_one_and_a_digit_that_holds_costs_the_probability_its_true_class_lost()
    {
        var evaluation = Evaluation(
            [1f, 0f, 0f],  // still right, p(0) = 0.576: lost 0.211
            [0f, 0f, 3f],  // flipped
            [0f, 0f, 5f]); // fixed by chance: pays for nothing

        Assert.Equal(100.0 / 3, Loss.FlippedPoints(evaluation), 9);
        var held = Softmax([2f, 0f, 0f], 0) - Softmax([1f, 0f, 0f], 0);
        Assert.Equal(100.0 * (1 + held) / 3, Loss.ProbabilityPoints(evaluation), 9);
        Assert.Equal(Loss.ProbabilityPoints(evaluation), Loss.Points(evaluation, SearchLoss.TrueClassProbability));
        Assert.Equal(Loss.FlippedPoints(evaluation), Loss.Points(evaluation, SearchLoss.FlippedDigits));
    }

    [Fact]
    public void A_probability_that_rises_costs_nothing_and_huge_logits_do_not_overflow()
    {
        var evaluation = Evaluation([1000f, 0f, 0f], [0f, 3f, 0f], [1f, 0f, 0f]);
        Assert.Equal(0, Loss.ProbabilityPoints(evaluation));
        Assert.Equal(0, Loss.FlippedPoints(evaluation));
    }

    private static double Softmax(float[] logits, int label) => Math.Exp(logits[label]) / logits.Sum(z => Math.Exp(z));

    /// <summary>An evaluation with only what the loss reads: final outputs and predictions.</summary>
    private static EvaluationResult Evaluation(params float[][] logits)
    {
        var predictions = logits.Select(l => Array.IndexOf(l, l.Max())).ToArray();
        var correct = predictions.Where((p, d) => p == Digits.Label(d)).Count();
        return new EvaluationResult(null!, 0, [], [logits], [], predictions, correct, logits.Length, 0, 0, []);
    }
}
