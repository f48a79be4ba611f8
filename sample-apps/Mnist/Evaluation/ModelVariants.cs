using UnIT;

namespace Mnist.Evaluation;

/// <summary>Which classes stand for "a model alone" and "the model with UnIT" when the report compares models.</summary>
internal static class ModelVariants
{
    /// <summary>The division a profile's comparison rows use: the table on MPY32, the bit trick on soft float.</summary>
    public static DivisionApproximation Division(NumberFormat format) =>
        format == NumberFormat.Q15 ? DivisionApproximation.ReciprocalLut : DivisionApproximation.FloatBits;

    /// <summary>
    /// The model alone (its class without UnIT in <paramref name="format"/>), and with UnIT: its own calibration, the
    /// profile's division, the kernel class with the fewest cycles on the test digits (null when it has none).
    /// </summary>
    public static (CompiledNetwork Alone, CompiledNetwork? WithUnit) Of(
        IReadOnlyList<CompiledNetwork> networks, IReadOnlyDictionary<string, TestRun> runs, string model, NumberFormat format)
    {
        var alone = networks.Single(n => !n.UsesUnit && n.Model == model && n.Format == format);
        var withUnit = networks
            .Where(n => n.UsesUnit && n.Model == model && n.Format == format && n.Division == Division(format) && n.ThresholdSource == "own calibration")
            .OrderBy(n => runs[n.Name].Cycles)
            .FirstOrDefault();
        return (alone, withUnit);
    }
}
