using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Training.Data;

namespace UnIT.Calibration.UserData;

/// <summary>
/// A user's own calibration data, ready for <see cref="Calibrator"/>: the samples searched on and the samples held out
/// (for <see cref="Calibrator.Calibrate"/>'s confirmation), split once by a fixed shuffle so the split does not
/// depend on how the file happens to be ordered (by class, by time).
/// </summary>
/// <param name="Search">The samples the thresholds are chosen on.</param>
/// <param name="HeldOut">The samples the chosen thresholds are confirmed on (never searched on); empty when none are held out.</param>
/// <param name="LabelFree">
/// Whether the labels are the unpruned model's own top-1 predictions (no labels were given), computed in Float32 as the
/// model was trained: the accuracy budget then bounds how many of those predictions UnIT may change, not how many it may
/// get wrong. (A Q15 network's baseline can agree with them on slightly fewer than all samples: that is quantisation.)
/// </param>
public sealed record CalibrationSamples(Dataset Search, Dataset HeldOut, bool LabelFree)
{
    /// <summary>The seed of the shuffle that makes the split (fixed: the same file always splits the same way).</summary>
    public const int SplitSeed = 20251205;

    /// <summary>
    /// Reads inputs (<c>.npy</c>, shape <c>[N, …]</c> with the network's input size per sample; float or integer) and
    /// optional labels (<c>.npy</c>, <c>[N]</c> integers in <c>[0, outputs)</c>), and splits off
    /// <paramref name="heldOutFraction"/> of them.
    /// </summary>
    /// <exception cref="NumPyFormatException">A file is not valid NumPy or does not fit the network; the message says how.</exception>
    public static CalibrationSamples Load(string inputsPath, string? labelsPath, NetworkDefinition definition, WeightFile weights, double heldOutFraction)
    {
        ArgumentNullException.ThrowIfNull(inputsPath);
        var inputs = NpyReader.ReadFile(inputsPath);
        var labels = labelsPath is null ? null : NpyReader.ReadFile(labelsPath);
        return FromArrays(inputs, labels, definition, weights, heldOutFraction);
    }

    /// <summary>As <see cref="Load"/>, for arrays already in memory (e.g. made in code with <see cref="NumPyArray.FromSingles"/>).</summary>
    public static CalibrationSamples FromArrays(NumPyArray inputs, NumPyArray? labels, NetworkDefinition definition, WeightFile weights, double heldOutFraction)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(weights);
        if (!(heldOutFraction >= 0 && heldOutFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "Hold out a fraction in [0, 1), e.g. 0.2.");
        }

        var sampleSize = definition.InputShape.ElementCount;
        if (inputs.Rank < 2 || inputs.ElementCount / Math.Max(1, inputs.Shape[0]) != sampleSize || inputs.Shape[0] == 0)
        {
            throw Problem(inputs, $"has shape {Describe(inputs.Shape)}, but network '{definition.Name}' takes samples of {sampleSize} values ({definition.InputShape})",
                $"save the inputs as one row per sample, shape (N, {string.Join(", ", definition.InputShape.Dimensions)})");
        }

        if (inputs.HasNonFinite(out var index))
        {
            throw Problem(inputs, $"holds a NaN or infinity (sample {index / sampleSize}, value {index % sampleSize})", "remove or repair that sample");
        }

        var count = inputs.Shape[0];
        var values = inputs.ToSingleArray();
        var interpreter = new ReferenceInterpreter(PreparedNetwork.Prepare(CalibratedNetwork.WithoutUnit(definition), weights), NumberFormat.Float32);
        var outputs = interpreter.Run(values.AsSpan(0, sampleSize)).Length;
        var classes = labels is null ? Predictions(interpreter, values, count, sampleSize) : ReadLabels(labels, count, outputs);
        var order = Shuffled(count);
        var heldOut = (int)Math.Round(count * heldOutFraction);
        return new CalibrationSamples(
            Subset(values, classes, order[heldOut..], definition.InputShape, outputs),
            Subset(values, classes, order[..heldOut], definition.InputShape, outputs),
            LabelFree: labels is null);
    }

    /// <summary>The unpruned model's top-1 class of each sample: the labels of label-free calibration.</summary>
    private static int[] Predictions(ReferenceInterpreter interpreter, float[] values, int count, int sampleSize)
    {
        var classes = new int[count];
        for (var i = 0; i < count; i++)
        {
            var output = interpreter.Run(values.AsSpan(i * sampleSize, sampleSize));
            var best = 0;
            for (var k = 1; k < output.Length; k++)
            {
                best = output[k] > output[best] ? k : best;
            }

            classes[i] = best;
        }

        return classes;
    }

    private static int[] ReadLabels(NumPyArray labels, int count, int outputs)
    {
        if (labels.DType.IsFloatingPoint())
        {
            throw Problem(labels, $"holds {labels.DType.TypeName()} values, but labels are class indices", "save them as integers: np.save('labels.npy', y.astype(np.int32))");
        }

        if (labels.Rank != 1 || labels.Shape[0] != count)
        {
            throw Problem(labels, $"has shape {Describe(labels.Shape)}, but there are {count} input samples", $"save one label per sample, shape ({count},)");
        }

        var classes = labels.ToInt32Array();
        var bad = Array.FindIndex(classes, c => c < 0 || c >= outputs);
        return bad < 0
            ? classes
            : throw Problem(labels, $"label {classes[bad]} of sample {bad} is not a class of the network's {outputs} outputs", $"use class indices 0 to {outputs - 1}");
    }

    private static int[] Shuffled(int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(SplitSeed).Shuffle(order);
        return order;
    }

    private static Dataset Subset(float[] values, int[] classes, int[] indices, TensorShape shape, int outputs)
    {
        var size = shape.ElementCount;
        var samples = new float[indices.Length * size];
        var labels = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            values.AsSpan(indices[i] * size, size).CopyTo(samples.AsSpan(i * size));
            labels[i] = classes[indices[i]];
        }

        return new Dataset(samples, labels, shape, outputs);
    }

    /// <summary>A shape as NumPy prints it, at most eight axes (a malformed file's shape is not echoed whole).</summary>
    private static string Describe(IReadOnlyList<int> shape) =>
        "(" + string.Join(", ", shape.Take(8)) + (shape.Count > 8 ? ", …" : shape.Count == 1 ? "," : string.Empty) + ")";

    private static NumPyFormatException Problem(NumPyArray array, string problem, string fix) =>
        new(array.Name + ".npy", null, problem, fix);
}
