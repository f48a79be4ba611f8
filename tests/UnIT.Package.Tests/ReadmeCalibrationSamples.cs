using UnIT.NumPy;
using UnIT.Training.Data;

namespace UnIT.Package.Tests;

/// <summary>
/// The samples the README's "Calibrating from code" program reads from its folder: the first 120 MNIST train digits,
/// normalised as the LeNet was trained, as <c>calibration-x.npy</c> (120, 1, 28, 28) and their labels as
/// <c>calibration-y.npy</c> (120,) int32, as the README describes them.
/// </summary>
internal static class ReadmeCalibrationSamples
{
    public const int Count = 120;

    public static void Write(string folder)
    {
        var digits = MnistDataset.Load(calibrationCount: Count).Calibration;
        var inputs = new float[Count * digits.SampleSize];
        for (var i = 0; i < Count; i++)
        {
            digits.Sample(i).CopyTo(inputs.AsSpan(i * digits.SampleSize));
        }

        File.WriteAllBytes(Path.Combine(folder, "calibration-x.npy"), NpyWriter.ToBytes(NumPyArray.FromSingles("calibration-x", inputs, Count, 1, 28, 28)));
        File.WriteAllBytes(Path.Combine(folder, "calibration-y.npy"), NpyWriter.ToBytes(NumPyArray.FromInt32s("calibration-y", digits.Labels.ToArray(), Count)));
    }
}
