using UnIT.Collections;
using UnIT.Costs;
using UnIT.Generators.Models;
using UnIT.Kernels;
using UnIT.Planning;
using UnIT.Preparation;

namespace UnIT.Generators.Planning;

/// <summary>Turns a prepared, planned network into the equatable <see cref="NetworkModel"/> the emitter writes.</summary>
internal static class ModelBuilder
{
    public static NetworkModel Build(
        ClassInfo classInfo, WeightFileContent weights, PreparedNetwork network, NetworkPlan plan, CostProfile profile, GeneratorOptions options)
    {
        var format = network.Definition.Options.Format;
        var layers = new List<LayerModel>();
        for (var i = 0; i < network.Layers.Count; i++)
        {
            layers.Add(network.Layers[i] switch
            {
                PreparedMacLayer mac => BuildMac(i, mac, plan.ChoiceFor(mac), format, options),
                PreparedReluLayer relu => new ReluModel(i, Row(relu, KernelImplementation.Auto, 0, 0, format), relu.InputShape.ElementCount, relu.Threshold, relu.QuantizedThreshold),
                PreparedPoolLayer pool => new PoolModel(i, Row(pool, KernelImplementation.Auto, 0, 0, format), pool.Definition.IsMax, pool.Channels, pool.InHeight, pool.InWidth,
                    pool.OutHeight, pool.OutWidth, pool.Definition.KernelHeight, pool.Definition.KernelWidth, pool.Definition.StrideHeight, pool.Definition.StrideWidth),
                _ => new FlattenModel(i, Row(network.Layers[i], KernelImplementation.Auto, 0, 0, format), network.Layers[i].InputShape.ElementCount),
            });
        }

        var macs = network.MacLayers.ToArray();
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
            macs.Sum(m => m.Geometry.DenseMacs),
            macs.Sum(m => (long)m.Geometry.WeightCount + m.Geometry.OutChannels),
            layers.Sum(l => l.Row.FlashBytes),
            layers.Max(l => l.Row.RamBytes),
            layers.ToImmutableEquatableArray(),
            NetworkDescription.Lines(weights, network, plan, profile, layers).ToImmutableEquatableArray());
    }

    private static LedgerRow Row(PreparedLayer layer, KernelImplementation implementation, long denseMacs, long flash, NumberFormat format) =>
        new(layer.Label, layer.Kind, implementation, denseMacs, flash, ResourceEstimate.ActivationRamBytes(layer, implementation, format));

    private static MacModel BuildMac(int index, PreparedMacLayer layer, LayerChoice choice, NumberFormat format, GeneratorOptions options)
    {
        var implementation = choice.Implementation;
        var q15 = format == NumberFormat.Q15;
        var inputStationary = ResourceEstimate.IsInputStationary(layer, implementation);
        var lists = inputStationary ? FanOutLists.Build(layer, format) : null;
        var buckets = implementation == KernelImplementation.Bucketed ? BucketTable.Build(layer, format, lists!) : null;
        var thresholds = implementation == KernelImplementation.Gather && !layer.IsDense ? ActivationThresholds.Build(layer, format) : null;
        var nonZero = q15 ? layer.QuantizedNonZeroWeights : layer.NonZeroWeights;

        // A fan-out list is one unrolled chain in one method, so a list longer than a method may hold goes table-driven.
        var unrolled = nonZero <= options.MaxUnrolledWeights
            && (lists is null || lists.Lists.All(l => l.Entries.Count <= Emitting.Emitter.MaxStatementsPerMethod));

        var row = Row(layer, implementation, layer.Geometry.DenseMacs, ResourceEstimate.WeightFlashBytes(layer, implementation, format, buckets), format);
        return new MacModel(
            index,
            row,
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
            lists is null
                ? ImmutableEquatableArray<ImmutableEquatableArray<int>>.Empty
                : lists.Lists.Select(l => l.Entries.Select(e => e.WeightIndex).ToImmutableEquatableArray()).ToImmutableEquatableArray(),
            buckets is null
                ? null
                : new BucketModel(buckets.BucketBits, buckets.FirstId, buckets.LastId, buckets.IsComparisonFree,
                    buckets.Low.Select(r => r.ToImmutableEquatableArray()).ToImmutableEquatableArray(),
                    buckets.High.Select(r => r.ToImmutableEquatableArray()).ToImmutableEquatableArray()));
    }
}
