using UnIT.Model;

namespace UnIT.Training.Data;

/// <summary>
/// Labelled samples in memory: one row-major block of <see cref="SampleSize"/> floats per sample and an integer
/// class label each. Immutable; <see cref="Slice"/> shares the storage.
/// </summary>
public sealed class Dataset
{
    private readonly ReadOnlyMemory<float> _samples;
    private readonly ReadOnlyMemory<int> _labels;

    /// <summary>Creates a dataset over <paramref name="samples"/> (<c>count · sampleShape.ElementCount</c> floats).</summary>
    /// <exception cref="ArgumentException">The sizes disagree or a label is outside <c>[0, classCount)</c>.</exception>
    public Dataset(ReadOnlyMemory<float> samples, ReadOnlyMemory<int> labels, TensorShape sampleShape, int classCount)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        SampleSize = sampleShape.ElementCount;
        if (samples.Length != labels.Length * SampleSize)
        {
            throw new ArgumentException(
                $"{labels.Length} labels need {labels.Length * SampleSize} sample values of shape {sampleShape}, but {samples.Length} were given.",
                nameof(samples));
        }

        foreach (var label in labels.Span)
        {
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentException($"Label {label} is outside [0, {classCount}).", nameof(labels));
            }
        }

        _samples = samples;
        _labels = labels;
        SampleShape = sampleShape;
        ClassCount = classCount;
    }

    /// <summary>Number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Shape of one sample (no batch axis), e.g. <c>[1, 28, 28]</c>.</summary>
    public TensorShape SampleShape { get; }

    /// <summary>Floats per sample.</summary>
    public int SampleSize { get; }

    /// <summary>Number of classes; labels are in <c>[0, ClassCount)</c>.</summary>
    public int ClassCount { get; }

    /// <summary>All labels, in sample order.</summary>
    public ReadOnlySpan<int> Labels => _labels.Span;

    /// <summary>Sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Sample(int index) => _samples.Span.Slice(index * SampleSize, SampleSize);

    /// <summary>The label of sample <paramref name="index"/>.</summary>
    public int Label(int index) => _labels.Span[index];

    /// <summary>Samples <c>start … start+count−1</c>, sharing this dataset's storage.</summary>
    public Dataset Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count, nameof(count));
        return new Dataset(_samples.Slice(start * SampleSize, count * SampleSize), _labels.Slice(start, count), SampleShape, ClassCount);
    }

    /// <summary>The first <paramref name="count"/> samples.</summary>
    public Dataset Take(int count) => Slice(0, count);

    /// <summary>How many samples each class has.</summary>
    public int[] CountPerClass()
    {
        var counts = new int[ClassCount];
        foreach (var label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }
}
