using UnIT.Calibration;
using UnIT.Collections;
using UnIT.NumPy;

namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>
/// AdditionalFiles as the build makes them: weight files written in memory with <see cref="NpzWriter"/> and converted
/// with <see cref="WeightFileText.Encode"/>, calibration files written with <see cref="CalibrationFile.Write"/>.
/// </summary>
public static class TestFiles
{
    /// <summary>The converted text AdditionalFile of an .npz holding <paramref name="tensors"/>.</summary>
    public static TestAdditionalText Weights(string fileName, IEnumerable<NumPyArray> tensors)
    {
        var bytes = NpzWriter.ToBytes(tensors, compressed: false);
        return new TestAdditionalText($"/obj/unit/{WeightFileText.TextFileName(fileName)}", WeightFileText.Encode(bytes, fileName, fileName, "/src/" + fileName));
    }

    /// <summary>A calibration file for network <paramref name="network"/>.</summary>
    public static TestAdditionalText Calibration(string fileName, string network, params CalibratedLayer[] layers) =>
        Calibration(fileName, new CalibrationData(network, NumberFormat.Float32, TargetProfile.Msp430FR5994SoftFloat, DivisionApproximation.Exact,
            InputRange: 2f, AccuracyBudgetPoints: 0.5, BaselineAccuracy: 0.981, CalibratedAccuracy: 0.978, Samples: 1000, layers.ToImmutableEquatableArray()));

    public static TestAdditionalText Calibration(string fileName, CalibrationData data) => new("/src/" + fileName, CalibrationFile.Write(data));

    /// <summary>A calibrated conv/dense layer.</summary>
    public static CalibratedLayer Layer(string label, float? threshold = null, int groupSize = 0, float[]? groups = null, float? outputRange = null) =>
        new(label, threshold, groupSize, (groups ?? []).ToImmutableEquatableArray(), null, outputRange, null, ImmutableEquatableArray<float>.Empty);

    /// <summary>A calibrated ReLU.</summary>
    public static CalibratedLayer Relu(string label, float activationThreshold) =>
        new(label, null, 0, ImmutableEquatableArray<float>.Empty, activationThreshold, null, null, ImmutableEquatableArray<float>.Empty);

    /// <summary>A tensor filled by <paramref name="value"/>(flat index).</summary>
    public static NumPyArray Tensor(string name, Func<int, float> value, params int[] shape)
    {
        var count = shape.Aggregate(1, (a, b) => a * b);
        return NumPyArray.FromSingles(name, Enumerable.Range(0, count).Select(value).ToArray(), shape);
    }
}
