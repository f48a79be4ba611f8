using System.Globalization;
using UnIT.Costs;
using UnIT.Generators.Models;
using UnIT.Planning;
using UnIT.Preparation;
using UnIT.Resources;

namespace UnIT.Generators.Planning;

/// <summary>
/// The comment tree at the top of a generated file: what was compiled, which kernel each layer got and why, and what
/// the planner expects it to cost.
/// </summary>
internal static class NetworkDescription
{
    public static IEnumerable<string> Lines(
        WeightFileContent weights, PreparedNetwork network, NetworkPlan plan, CostProfile profile, IReadOnlyList<LayerModel> models, NetworkResources resources)
    {
        var options = network.Definition.Options;
        var staticCycles = models.Where(m => m is not MacModel).Sum(m => StaticCycles(m, profile));
        var total = plan.Layers.Sum(l => l.Chosen.Cycles) + staticCycles;

        yield return $"UnIT.Generators: network '{network.Definition.Name}' from '{weights.Name}' (sha256 {weights.Sha256.Substring(0, Math.Min(16, weights.Sha256.Length))}...)";
        yield return Invariant($"{options.Format} kernels priced on {profile.DisplayName}; division {options.Division}")
            + (options.Division == DivisionApproximation.ReciprocalLut ? Invariant($" ({options.ReciprocalTableBits}-bit table)") : string.Empty) + ".";
        yield return Invariant($"Planner estimate per inference: {total:N0} cycles = {1000 * profile.Seconds(total):0.###} ms = {profile.Microjoules(total):0.#} uJ (estimated, see each layer's assumption).");
        if (plan.Layers.Any(l => l.Statistics.IsAssumption))
        {
            yield return "Activation statistics: none measured (no calibration file); the estimates below, and the kernel of every layer the planner "
                + "chose, rest on the assumption printed with each layer; `unit profile` measures them on your data (UNIT114).";
        }

        yield return Invariant($"Resources: flash {resources.FlashBytes:N0} B, {resources.Macs:N0} dense MACs, RAM {resources.RamBytes:N0} B (input {resources.InputBytes:N0}, ")
            + Invariant($"output {resources.OutputBytes:N0}, activation arena {resources.PeakRamBytes:N0}, stack reserve {NetworkResources.StackReserveBytes:N0}; ")
            + Invariant($"peak activation RAM {resources.PeakRamBytesWithInput:N0} B with the input buffer), bottleneck '{resources.Bottleneck}'.");
        yield return "One channel costs: " + string.Join("; ", resources.ChannelCosts.Select(c =>
            Invariant($"{c.Label} {c.FlashBytes:N0} B flash, {c.Macs:N0} MACs, {c.ActivationBytes:N0} B activations")));
        yield return string.Empty;
        yield return Invariant($"input {network.InputShape}") + (options.Format == NumberFormat.Q15
            ? Invariant($" (Q15 scale 2^{network.InputScale}, range {(options.InputRange ?? 1f):G4} {(options.InputRange is null ? "assumed" : "declared")})")
            : string.Empty)
            + (options.FoldsInputNormalization
                ? Invariant($"; raw inputs: the training normalisation (x - {options.InputMean:G4}) / {options.InputStandardDeviation:G4} is folded into the first conv/dense layer")
                : string.Empty);

        for (var i = 0; i < network.Layers.Count; i++)
        {
            var layer = network.Layers[i];
            var last = i == network.Layers.Count - 1;
            var branch = last ? "└─ " : "├─ ";
            var stem = last ? "     " : "│    ";
            yield return $"{branch}{layer.Label,-10} {Describe(layer, options.Format)} -> {layer.OutputShape}";
            if (layer is PreparedMacLayer mac)
            {
                var choice = plan.ChoiceFor(mac);
                var model = (MacModel)models[i];
                yield return $"{stem}kernel {choice.Implementation}{(model.Unrolled ? " (unrolled)" : " (table-driven: more weights than UnitMaxUnrolledWeights)")}: {choice.Reason}";
                yield return stem + "estimates: " + string.Join(" | ", choice.Estimates.Select(e =>
                    Invariant($"{e.Implementation} {e.Cycles:N0} cycles, {e.Macs:N0} MACs, {e.Comparisons:N0} compares, {e.Quotients:N0} divisions")));
                yield return $"{stem}activations {choice.Statistics.Source}";
                if (options.Format == NumberFormat.Q15)
                {
                    yield return stem + Q15Scales(mac);
                }
            }
        }
    }

    /// <summary>What a Q15 user needs to read or feed the layer by hand: its scales and its integer thresholds.</summary>
    private static string Q15Scales(PreparedMacLayer mac)
    {
        var q = mac.Quantization;
        var integers = mac.QuantizedChannelThresholds.ToArray().Distinct().ToArray();
        var thresholds = integers.Length == 1
            ? Invariant($"integer threshold N {integers[0]}")
            : "integer thresholds N per group " + string.Join("/", integers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        return Invariant($"Q15 scales: input 2^{q.InputScale} (range {q.InputRange:G4}), weights 2^{mac.WeightScale}, output 2^{q.OutputScale} (range {q.OutputRange:G4}, {q.OutputRangeSource}); ")
            + Invariant($"accumulator >> {mac.RequantizeShift}; {thresholds} (skip when |a_q|·|w_q| <= N)");
    }

    private static string Describe(PreparedLayer layer, NumberFormat format) => layer switch
    {
        PreparedMacLayer mac => DescribeMac(mac, format),
        PreparedReluLayer relu => relu.Threshold == 0f ? "ReLU" : Invariant($"ReLU theta {relu.Threshold:R}"),
        PreparedPoolLayer pool => Invariant($"{pool.Kind} {pool.Definition.KernelHeight}x{pool.Definition.KernelWidth} stride {pool.Definition.StrideHeight}x{pool.Definition.StrideWidth}"),
        _ => "Flatten",
    };

    private static string DescribeMac(PreparedMacLayer mac, NumberFormat format)
    {
        var g = mac.Geometry;
        var shape = mac.IsDense
            ? Invariant($"Dense {g.InChannels}->{g.OutChannels}")
            : Invariant($"{mac.Kind} {g.InChannels}->{g.OutChannels} {g.KernelHeight}x{g.KernelWidth} stride {g.StrideHeight}x{g.StrideWidth} pad {g.PaddingHeight}x{g.PaddingWidth}")
              + (g.DilationHeight * g.DilationWidth > 1 ? Invariant($" dilation {g.DilationHeight}x{g.DilationWidth}") : string.Empty)
              + (g.Groups > 1 ? Invariant($" groups {g.Groups}") : string.Empty);
        var nonZero = mac.StoredWeights(format);
        var thresholds = mac.ChannelThresholds.ToArray().Distinct().ToArray();
        var threshold = thresholds.Length == 1 ? Invariant($"T {thresholds[0]:R}") : "T per group " + string.Join("/", thresholds.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
        return Invariant($"{shape}, {threshold}, {g.WeightCount} weights ({g.WeightCount - nonZero} zero, removed), {g.DenseMacs:N0} dense MACs");
    }

    /// <summary>Cycles of layers whose events do not depend on the input (ReLU, pools, flatten).</summary>
    private static double StaticCycles(LayerModel model, CostProfile profile) => model switch
    {
        ReluModel relu => FixedEvents.Cycles(FixedEvents.Relu(relu.Length, relu.QuantizedThreshold), profile),
        PoolModel pool => FixedEvents.Cycles(FixedEvents.Pool(pool.IsMax, pool.OutputLength, pool.KernelHeight * pool.KernelWidth, (long)pool.Channels * pool.OutHeight), profile),
        _ => 0,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
