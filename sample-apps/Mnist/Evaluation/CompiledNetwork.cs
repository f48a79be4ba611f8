using System.Reflection;
using UnIT;
using UnIT.Ledger;
using UnIT.Model;

namespace Mnist.Evaluation;

/// <summary>The generated <c>Predict(input, ledger)</c> of a network class.</summary>
internal delegate int PredictFunction(ReadOnlySpan<float> input, InferenceLedger? ledger);

/// <summary>One generated network class and what it was declared with.</summary>
/// <param name="Name">The class name.</param>
/// <param name="Model">"dense", "pruned", "structured" or "dscnn" (which weight file it runs: mnist-{model}.npz).</param>
/// <param name="Layout">The generated ledger layout (format, profile, division, each layer's kernel).</param>
/// <param name="Definition">The generated network definition (thresholds as declared, ranges from the calibration file).</param>
/// <param name="Predict">The generated kernels.</param>
/// <param name="OpenWeights">Opens the embedded weight file.</param>
/// <param name="FlashBytes">The generated constant: weights, biases, thresholds and tables at their element sizes.</param>
/// <param name="PeakRamBytes">The generated constant: peak activation RAM without the input buffer (the structured-pruning budget's measure).</param>
internal sealed record CompiledNetwork(
    string Name, string Model, LedgerLayout Layout, NetworkDefinition Definition, PredictFunction Predict, Func<Stream> OpenWeights, long FlashBytes, long PeakRamBytes)
{
    /// <summary>The sample's models, in the order the report lists them: the paper's network three ways, then the DS-CNN.</summary>
    public static readonly string[] Models = ["dense", "pruned", "structured", "dscnn"];

    /// <summary>
    /// Whether the class runs calibrated UnIT settings (its name ends with the kernel it forces) rather than the model
    /// alone. (Calibration may leave some thresholds at 0 where skipping would cost cycles; θ still applies.)
    /// </summary>
    public bool UsesUnit => Name.EndsWith("Gather", StringComparison.Ordinal) || Name.EndsWith("Sorted", StringComparison.Ordinal) || Name.EndsWith("Bucketed", StringComparison.Ordinal);

    /// <summary>
    /// The kernel the class compares: its name's suffix (forced on every layer with a threshold; layers the calibration
    /// left at T = 0 run the planner's dense kernel), or the planner's kernels of the model alone.
    /// </summary>
    public string Implementation =>
        UsesUnit
            ? new[] { "Gather", "Sorted", "Bucketed" }.First(k => Name.EndsWith(k, StringComparison.Ordinal))
            : string.Join("/", Layout.Layers.Where(l => l.DenseMacs > 0).Select(l => l.Implementation.ToString()).Distinct());

    /// <summary>
    /// Whose thresholds the class runs: its own profile's calibration, or (classes named <c>…SoftThresholds…</c>) the
    /// soft-float calibration of the same model, priced on this profile to compare kernels at the same thresholds.
    /// </summary>
    public string ThresholdSource =>
        !UsesUnit ? "-" : Name.Contains("SoftThresholds", StringComparison.Ordinal) ? "soft-float calibration" : "own calibration";

    /// <summary>Each conv/dense layer's kernel, e.g. "conv1 Dense, conv2 Bucketed, fc1 Bucketed".</summary>
    public string LayerKernels => string.Join(", ", Layout.Layers.Where(l => l.DenseMacs > 0).Select(l => $"{l.Label} {l.Implementation}"));

    public NumberFormat Format => Layout.Format;

    public TargetProfile Profile => Layout.Profile;

    public DivisionApproximation Division => Layout.Division;

    /// <summary>Every <c>[UnitNetwork]</c> class in this assembly, by name.</summary>
    public static IReadOnlyList<CompiledNetwork> Discover() =>
        typeof(CompiledNetwork).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<UnitNetworkAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(From)
            .ToArray();

    private static CompiledNetwork From(Type type)
    {
        var predict = type.GetMethod("Predict", [typeof(ReadOnlySpan<float>), typeof(InferenceLedger)])!.CreateDelegate<PredictFunction>();
        var layout = (LedgerLayout)type.GetProperty("LedgerLayout")!.GetValue(null)!;
        var definition = (NetworkDefinition)type.GetProperty("Definition")!.GetValue(null)!;
        var open = type.GetMethod("OpenWeightFile")!.CreateDelegate<Func<Stream>>();
        var weights = (string)type.GetField("WeightFileName")!.GetValue(null)!;
        var model = Models.Single(m => weights.Contains(m, StringComparison.Ordinal));
        long Constant(string name) => (long)type.GetField(name)!.GetValue(null)!;
        return new CompiledNetwork(type.Name, model, layout, definition, predict, open, Constant("FlashBytes"), Constant("PeakActivationRamBytesWithoutInput"));
    }
}
