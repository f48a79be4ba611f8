using UnIT.Calibration.Evaluation;
using UnIT.Collections;
using UnIT.Model;

namespace UnIT.Calibration;

/// <summary>Last step: the calibration file's data from the committed settings.</summary>
internal sealed partial class CalibrationRun
{
    private CalibrationData BuildData(EvaluationResult reference, EvaluationResult final)
    {
        var definition = Current();
        var layers = new List<CalibratedLayer>();
        for (var i = 0; i < definition.Layers.Count; i++)
        {
            var label = definition.LayerLabel(i);
            switch (definition.Layers[i])
            {
                case ReluLayer relu:
                    layers.Add(new CalibratedLayer(label, null, 0, ImmutableEquatableArray<float>.Empty, relu.ActivationThreshold, null, null, ImmutableEquatableArray<float>.Empty));
                    break;
                case PrunableLayer:
                    var groups = Thresholds[i];
                    var (zero, magnitudes) = InputStatistics(i);
                    layers.Add(new CalibratedLayer(
                        label,
                        groups.Max(),
                        groups.Length == 1 ? 0 : GroupSizes[i],
                        groups.Length == 1 ? ImmutableEquatableArray<float>.Empty : groups.ToImmutableEquatableArray(),
                        null,
                        _outputRanges[i],
                        zero,
                        magnitudes));
                    break;
            }
        }

        return new CalibrationData(
            Options.NetworkName ?? _declared.Name,
            _declared.Options.Format,
            _declared.Options.Profile,
            _declared.Options.Division,
            _inputRange,
            Options.AccuracyBudgetPoints,
            reference.Correct / (double)reference.Count,
            final.Correct / (double)final.Count,
            Data.Count,
            layers.ToImmutableEquatableArray())
        {
            InputMean = _declared.Options.InputMean,
            InputStandardDeviation = _declared.Options.InputStandardDeviation,
        };
    }

    /// <summary>Zero share and quantiles of non-zero |input| of conv/dense layer <paramref name="layer"/> (committed settings).</summary>
    private (double Zero, ImmutableEquatableArray<float> Magnitudes) InputStatistics(int layer)
    {
        var inputs = Evaluator.Inputs(SegmentOf(layer));
        long total = 0, zeros = 0;
        var magnitudes = new List<float>();
        foreach (var row in inputs)
        {
            foreach (var v in row)
            {
                total++;
                if (v == 0f)
                {
                    zeros++;
                }
                else
                {
                    magnitudes.Add(Math.Abs(v));
                }
            }
        }

        magnitudes.Sort();
        var q = Options.MagnitudeQuantiles;
        var quantiles = magnitudes.Count == 0
            ? ImmutableEquatableArray<float>.Empty
            : Enumerable.Range(0, q).Select(i => magnitudes[Math.Min(magnitudes.Count - 1, (int)((i + 0.5) * magnitudes.Count / q))]).ToImmutableEquatableArray();
        return (total == 0 ? 0 : zeros / (double)total, quantiles);
    }
}
