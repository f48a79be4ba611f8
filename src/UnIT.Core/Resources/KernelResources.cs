using UnIT.Kernels;
using UnIT.Model;
using UnIT.Planning;
using UnIT.Preparation;

namespace UnIT.Resources;

/// <summary>
/// The resource model applied to a prepared network with chosen kernels: flash counts what each kernel actually
/// stores (zero weights removed, thresholds, offsets, tables; <see cref="ResourceEstimate.WeightFlashBytes"/>) and, in
/// Q15, every layer's code (<see cref="CodeSize"/>); RAM adds what the 32-bit accumulators of Q15 scatter kernels take
/// beyond the output they overlay. The generator's constants and the ledger rows of both the generated kernels and the
/// interpreter come from here; <see cref="BeforePlanning"/> bounds a
/// definition's needs before it has weights or a plan (what the structured pruner's budget counts).
/// </summary>
public static class KernelResources
{
    /// <summary>Analyzes <paramref name="network"/> with one implementation per conv/dense layer (in order).</summary>
    public static NetworkResources Analyze(PreparedNetwork network, NumberFormat format, IReadOnlyList<KernelImplementation> implementations, IReadOnlyList<BucketTable?>? buckets = null)
    {
        var macLayers = network.MacLayers.ToArray();
        if (implementations.Count != macLayers.Length)
        {
            throw new ArgumentException($"Expected {macLayers.Length} implementations, one per conv/dense layer.", nameof(implementations));
        }

        var flash = new Dictionary<int, long>();
        var scratch = new Dictionary<int, long>();
        for (var i = 0; i < macLayers.Length; i++)
        {
            var layer = macLayers[i];
            flash[layer.DefinitionIndex] = ResourceEstimate.WeightFlashBytes(layer, implementations[i], format, buckets?[i]);
            scratch[layer.DefinitionIndex] = ResourceEstimate.IsInputStationary(layer, implementations[i]) ? AccumulatorBytes(layer.Geometry, format) : 0;
        }

        return Analyze(network.Definition, format, flash, scratch);
    }

    /// <summary>
    /// The resources of a definition before its weights and kernels are chosen, as a budget must count them to hold on
    /// the chip: flash of the <see cref="KernelImplementation.Dense"/> plan with every weight stored
    /// (<see cref="ResourceEstimate.DenseWeightFlashBytes"/>: code and tables; a plan of the trained weights gives the same
    /// unless some weight is zero), and peak RAM with the 32-bit accumulators of every layer the planner may give an
    /// input-stationary kernel (<see cref="KernelPlanner.PossibleImplementations"/>): no plan of this definition needs
    /// more RAM.
    /// </summary>
    public static NetworkResources BeforePlanning(NetworkDefinition definition, NumberFormat format)
    {
        var shapes = NetworkShapes.Infer(definition);
        var flash = new Dictionary<int, long>();
        var scratch = new Dictionary<int, long>();
        for (var i = 0; i < definition.Layers.Count; i++)
        {
            if (definition.Layers[i] is PrunableLayer layer)
            {
                var g = NetworkShapes.Geometry(layer, shapes[i].Input);
                var dense = layer is DenseLayer;
                flash[i] = ResourceEstimate.DenseWeightFlashBytes(g, dense, definition.Options.Division, format);
                var mayScatter = KernelPlanner.PossibleImplementations(layer, g).Any(implementation => ResourceEstimate.IsInputStationary(implementation, dense));
                scratch[i] = mayScatter ? AccumulatorBytes(g, format) : 0;
            }
        }

        return Analyze(definition, format, flash, scratch);
    }

    /// <summary>
    /// The RAM an input-stationary kernel adds to its output while it runs: in Q15 a 32-bit accumulator per output, which
    /// the output overlays (the C requantises them into it in an order that never overwrites an accumulator still to be
    /// read, docs/memory.md), so 2 B per output beyond the output itself; Float32 scatters into its output.
    /// </summary>
    private static long AccumulatorBytes(ConvGeometry g, NumberFormat format) =>
        format == NumberFormat.Q15 ? (long)g.OutputCount * (ResourceEstimate.AccumulatorBytes - ElementSizes.Q15.Activation) : 0;

    /// <summary>The resource model with the conv/dense layers' flash and scratch given; the other layers keep only code in FRAM, counted in Q15 like the conv/dense layers' code.</summary>
    private static NetworkResources Analyze(NetworkDefinition definition, NumberFormat format, Dictionary<int, long> macFlash, Dictionary<int, long> macScratch)
    {
        var shapes = NetworkShapes.Infer(definition);
        return ResourceModel.Analyze(
            definition,
            ElementSizes.For(format),
            i => macFlash.TryGetValue(i, out var bytes) ? bytes : format == NumberFormat.Q15 ? CodeSize.LayerBytes(definition, shapes, i) : null,
            i => macScratch.TryGetValue(i, out var bytes) ? bytes : 0);
    }
}
