using UnIT.Collections;
using UnIT.Costs;
using UnIT.Generators.Models;
using UnIT.Kernels;
using UnIT.Planning;
using UnIT.Preparation;
using UnIT.Resources;

namespace UnIT.Generators.Planning;

/// <summary>Turns a prepared, planned network into the equatable <see cref="NetworkModel"/> the emitter writes.</summary>
internal static class ModelBuilder
{
    /// <summary>The build-time structures one conv/dense layer's chosen kernel needs.</summary>
    private sealed record KernelData(PreparedMacLayer Layer, LayerChoice Choice, FanOutLists? Lists, BucketTable? Buckets);

    /// <summary>Builds the model; <paramref name="resources"/> is what the chosen kernels need (for the part-fit check).</summary>
    public static NetworkModel Build(
        ClassInfo classInfo, WeightFileContent weights, PreparedNetwork network, NetworkPlan plan, CostProfile profile, GeneratorOptions options,
        out NetworkResources resources)
    {
        var format = network.Definition.Options.Format;
        var kernels = network.MacLayers.Select(mac =>
        {
            var choice = plan.ChoiceFor(mac);
            var lists = ResourceEstimate.IsInputStationary(mac, choice.Implementation) ? FanOutLists.Build(mac, format) : null;
            var buckets = choice.Implementation == KernelImplementation.Bucketed ? BucketTable.Build(mac, format, lists!) : null;
            return new KernelData(mac, choice, lists, buckets);
        }).ToArray();
        resources = KernelResources.Analyze(network, format, kernels.Select(k => k.Choice.Implementation).ToArray(), kernels.Select(k => k.Buckets).ToArray());

        var layers = new List<LayerModel>();
        for (var i = 0; i < network.Layers.Count; i++)
        {
            var layer = network.Layers[i];
            var row = new LedgerRow(layer.Label, layer.Kind, KernelImplementation.Auto, 0, resources.Operators[i].FlashBytes, resources.Operators[i].LiveBytesWithInput);
            layers.Add(layer switch
            {
                PreparedMacLayer mac => BuildMac(i, kernels.Single(k => k.Layer == mac), row, format, options),
                PreparedReluLayer relu => new ReluModel(i, row, relu.InputShape.ElementCount, relu.Threshold, relu.QuantizedThreshold),
                PreparedPoolLayer pool => new PoolModel(i, row, pool.Definition.IsMax, pool.Channels, pool.InHeight, pool.InWidth,
                    pool.OutHeight, pool.OutWidth, pool.Definition.KernelHeight, pool.Definition.KernelWidth, pool.Definition.StrideHeight, pool.Definition.StrideWidth),
                _ => new FlattenModel(i, row, layer.InputShape.ElementCount),
            });
        }

        return new NetworkModel(
            classInfo,
            weights.Name,
            weights.Sha256,
            network.Definition,
            network.InputShape.ElementCount,
            network.OutputShape.ElementCount,
            network.InputScale,
            network.Layers[network.Layers.Count - 1].Quantization.OutputScale,
            network.Layers.Max(l => Math.Max(l.InputShape.ElementCount, l.OutputShape.ElementCount)),
            resources.Macs,
            network.MacLayers.Sum(m => (long)m.Geometry.WeightCount + m.Geometry.OutChannels),
            resources.FlashBytes,
            resources.PeakRamBytesWithInput,
            resources.PeakRamBytes,
            resources.RamBytes,
            resources.Bottleneck,
            layers.ToImmutableEquatableArray(),
            NetworkDescription.Lines(weights, network, plan, profile, layers, resources).ToImmutableEquatableArray());
    }

    private static MacModel BuildMac(int index, KernelData kernel, LedgerRow row, NumberFormat format, GeneratorOptions options)
    {
        var (layer, choice, lists, buckets) = (kernel.Layer, kernel.Choice, kernel.Lists, kernel.Buckets);
        var implementation = choice.Implementation;
        var q15 = format == NumberFormat.Q15;
        var inputStationary = lists is not null;
        var thresholds = implementation == KernelImplementation.Gather && !layer.IsDense ? ActivationThresholds.Build(layer, format) : null;
        var nonZero = layer.StoredWeights(format);
        var taps = buckets is null ? null : BucketTable.BuildTapTables(layer, format, lists!);

        // A fan-out list is one unrolled chain in one method, so a list longer than a method may hold goes table-driven.
        var unrolled = nonZero <= options.MaxUnrolledWeights
            && (lists is null || lists.Lists.All(l => l.Entries.Count <= Emitting.Emitter.MaxUnrolledListLength(implementation)));

        return new MacModel(
            index,
            row with { Implementation = implementation, DenseMacs = layer.Geometry.DenseMacs },
            layer.Geometry,
            layer.IsDense,
            layer.InputIsNonNegative,
            implementation,
            unrolled,
            layer.Division,
            layer.TableBits,
            CandidateProducts.Count(layer, format),
            q15 ? ImmutableEquatableArray<float>.Empty : layer.Weights.ToArray().ToImmutableEquatableArray(),
            q15 ? ImmutableEquatableArray<float>.Empty : layer.Bias.ToArray().ToImmutableEquatableArray(),
            q15 || !inputStationary ? ImmutableEquatableArray<float>.Empty : layer.Keys.ToArray().ToImmutableEquatableArray(),
            q15 || thresholds is null ? ImmutableEquatableArray<float>.Empty : thresholds.Select(t => (float)t).ToImmutableEquatableArray(),
            layer.ReferenceThreshold,
            q15 ? layer.QuantizedWeights.ToArray().ToImmutableEquatableArray() : ImmutableEquatableArray<short>.Empty,
            q15 ? layer.QuantizedBias.ToArray().ToImmutableEquatableArray() : ImmutableEquatableArray<long>.Empty,
            q15 && inputStationary ? layer.QuantizedKeys.ToArray().ToImmutableEquatableArray() : ImmutableEquatableArray<int>.Empty,
            q15 && thresholds is not null ? thresholds.Select(t => (int)t).ToImmutableEquatableArray() : ImmutableEquatableArray<int>.Empty,
            layer.QuantizedReferenceThreshold,
            layer.RequantizeShift,
            lists is null ? ImmutableEquatableArray<ImmutableEquatableArray<int>>.Empty : WeightIndices(lists),
            buckets is null ? null : ToModel(buckets),
            taps is { } byTap ? WeightIndices(byTap.Lists) : ImmutableEquatableArray<ImmutableEquatableArray<int>>.Empty,
            taps is { } withTables ? ToModel(withTables.Buckets) : null);
    }

    private static ImmutableEquatableArray<ImmutableEquatableArray<int>> WeightIndices(FanOutLists lists) =>
        lists.Lists.Select(l => l.Entries.Select(e => e.WeightIndex).ToImmutableEquatableArray()).ToImmutableEquatableArray();

    private static BucketModel ToModel(BucketTable buckets) =>
        new(buckets.BucketBits, buckets.FirstId, buckets.LastId, buckets.IsComparisonFree,
            buckets.Low.Select(r => r.ToImmutableEquatableArray()).ToImmutableEquatableArray(),
            buckets.High.Select(r => r.ToImmutableEquatableArray()).ToImmutableEquatableArray());
}
