using UnIT.Kernels;
using UnIT.Model;
using UnIT.Preparation;

namespace UnIT.Resources;

/// <summary>
/// The resource model applied to a prepared network with chosen kernels: flash counts what each kernel actually
/// stores (zero weights removed, thresholds, offsets, tables; <see cref="ResourceEstimate.WeightFlashBytes"/>) and, in
/// Q15, every layer's code (<see cref="CodeSize"/>); RAM
/// adds the 32-bit accumulators Q15 scatter kernels keep while they run. The generator's constants and the ledger
/// rows of both the generated kernels and the interpreter come from here.
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
            if (format == NumberFormat.Q15 && ResourceEstimate.IsInputStationary(layer, implementations[i]))
            {
                scratch[layer.DefinitionIndex] = (long)layer.Geometry.OutputCount * ResourceEstimate.AccumulatorBytes;
            }
        }

        // Layers without weights keep only code in FRAM, counted in Q15 like the conv/dense layers' code.
        var shapes = NetworkShapes.Infer(network.Definition);
        return ResourceModel.Analyze(
            network.Definition,
            ElementSizes.For(format),
            i => flash.TryGetValue(i, out var bytes) ? bytes : format == NumberFormat.Q15 ? CodeSize.LayerBytes(network.Definition, shapes, i) : null,
            i => scratch.TryGetValue(i, out var bytes) ? bytes : 0);
    }
}
