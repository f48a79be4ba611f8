using UnIT.Calibration.Evaluation;
using UnIT.Model;

namespace UnIT.Calibration;

/// <summary>Step: measuring the input and output ranges on the calibration digits.</summary>
internal sealed partial class CalibrationRun
{
    /// <summary>
    /// Largest |input| and |conv/dense output| over the calibration digits, in Float32 with plain ReLUs and UnIT off,
    /// times the margin. Declared ranges are kept for the search; the file always gets the measured ones.
    /// </summary>
    private void MeasureRanges()
    {
        var reference = Current();
        var floating = reference with { Options = reference.Options with { Format = NumberFormat.Float32 } };
        var ends = new List<int>();
        foreach (var m in MacLayers)
        {
            var end = m + 1 < floating.Layers.Count && floating.Layers[m + 1] is BatchNormLayer ? m + 2 : m + 1;
            ends.Add(end);
        }

        var starts = new[] { 0 }.Concat(ends.Where(e => e < floating.Layers.Count)).Distinct().ToArray();
        var evaluator = new NetworkEvaluator(Data, Owner.Weights, starts, KernelImplementation.Auto, _profile, Options.MaxDegreeOfParallelism, outputsOnInterpreter: Options.OutputsOnInterpreter);
        var evaluation = evaluator.Evaluate(floating, priced: false);
        evaluator.Commit(evaluation);
        Evaluations++;
        _inputRange = Margin(evaluator.Inputs(0));
        for (var k = 0; k < MacLayers.Length; k++)
        {
            var segment = Array.IndexOf(starts, ends[k]) - 1;
            _outputRanges[MacLayers[k]] = Margin(evaluator.Outputs(segment < 0 ? starts.Length - 1 : segment));
        }

        Report(CalibrationPhase.Ranges, FormattableString.Invariant($"ranges: input {_inputRange:G4}, outputs {string.Join(", ", MacLayers.Select(m => $"{_declared.LayerLabel(m)} {_outputRanges[m]:G4}"))}"), evaluation);
    }

    private float Margin(IReadOnlyList<float[]> values)
    {
        var max = 0f;
        foreach (var row in values)
        {
            foreach (var v in row)
            {
                max = Math.Max(max, Math.Abs(v));
            }
        }

        return max == 0 ? 1f : (float)(max * Options.RangeMargin);
    }
}
