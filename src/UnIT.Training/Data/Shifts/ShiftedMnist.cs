using UnIT.Training.Numerics;

namespace UnIT.Training.Data.Shifts;

/// <summary>Which split of the embedded digits a shifted set comes from.</summary>
public enum MnistSplit
{
    /// <summary>The 8,000 train digits (fine-tuning, calibration, validation).</summary>
    Train,

    /// <summary>The 2,000 test digits (reported only, never used to choose).</summary>
    Test,
}

/// <summary>Shifted digits and where they came from (so a protocol can show that nothing it chooses with saw a test digit).</summary>
/// <param name="Shift">The shift applied.</param>
/// <param name="Split">The split the source digits are from.</param>
/// <param name="Start">The first source digit's index within its split.</param>
/// <param name="Data">The shifted digits, as network inputs, with the source labels.</param>
public sealed record ShiftedDigits(DigitShift Shift, MnistSplit Split, int Start, Dataset Data)
{
    /// <summary>How many digits.</summary>
    public int Count => Data.Count;
}

/// <summary>
/// Shifted MNIST digits, computed from the embedded grey levels: digit <c>i</c> of a split is shifted with its own
/// random stream, seeded by (<see cref="Seed"/>, shift, the digit's position in the embedded file), so a shifted digit
/// is the same whichever range it is made in, on any machine and thread count.
/// </summary>
public static class ShiftedMnist
{
    /// <summary>The seed of every shifted set.</summary>
    public const long Seed = 20251206;

    private static readonly Lazy<MnistFile> File = new(MnistFile.ReadEmbedded);

    /// <summary>
    /// Digits <c>start … start+count−1</c> of <paramref name="split"/>, shifted by <paramref name="shift"/> and turned into
    /// network inputs as <paramref name="pixels"/> says.
    /// </summary>
    public static ShiftedDigits Create(DigitShift shift, MnistSplit split, int start, int count, MnistPixels pixels)
    {
        ArgumentNullException.ThrowIfNull(shift);
        var file = File.Value;
        var (first, size) = split == MnistSplit.Train ? (0, file.TrainCount) : (file.TrainCount, file.Count - file.TrainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, size, nameof(count));

        var levels = new byte[count * DigitImage.Size];
        var labels = new int[count];
        Parallel.For(0, count, i =>
        {
            var index = first + start + i;
            Shift(shift, index, file.Pixels.AsSpan(index * DigitImage.Size, DigitImage.Size), levels.AsSpan(i * DigitImage.Size, DigitImage.Size));
            labels[i] = file.Labels[index];
        });

        return new ShiftedDigits(shift, split, start, new Dataset(MnistDataset.Decode(levels, pixels), labels, MnistDataset.ImageShape, MnistDataset.ClassCount));
    }

    /// <summary>Shifts one digit (grey levels) with the stream of embedded digit <paramref name="fileIndex"/>.</summary>
    internal static void Shift(DigitShift shift, int fileIndex, ReadOnlySpan<byte> digit, Span<byte> shifted) =>
        shift.Apply(digit, shifted, new SeededRandom(Seed, ((long)shift.Stream << 32) | (uint)fileIndex));
}
