using UnIT.Generators.Diagnostics;
using UnIT.Generators.Models;
using UnIT.Model;

namespace UnIT.Generators.Planning;

/// <summary>
/// UNIT114: a network with thresholds and no calibration file has its kernels chosen on the planner's default
/// assumption about activations (<c>ActivationStatistics.Assumed</c>), which can be far from the user's data; the note
/// says what was assumed and how to measure the real statistics.
/// </summary>
internal static class WithoutStatistics
{
    /// <summary>The note for <paramref name="network"/>, or null when no kernel choice rests on the assumption.</summary>
    public static DiagnosticInfo? Note(ParsedNetwork network)
    {
        if (network.Definition is not { } definition)
        {
            return null;
        }

        // Forced kernels and a network without thresholds (nothing to skip but exact zeros) do not depend on it.
        var planned = definition.Layers
            .Select((layer, index) => (Layer: layer as PrunableLayer, Label: definition.LayerLabel(index)))
            .Where(l => l.Layer is { Pruning.Implementation: KernelImplementation.Auto }
                && (definition.LayerThreshold(l.Layer) > 0f || l.Layer.Pruning.GroupThresholds.Any(t => t > 0f)))
            .Select(l => $"'{l.Label}'")
            .ToArray();
        if (planned.Length == 0)
        {
            return null;
        }

        var name = definition.Name;
        var file = name + ".calibration.txt";
        return DiagnosticInfo.Create(DiagnosticDescriptors.PlannedWithoutStatisticsId, network.Locations.Network,
            $"Network '{name}' has no calibration file, so the kernels of {string.Join(", ", planned)} were chosen assuming no zero inputs "
            + "at the network input, half after a ReLU, and magnitudes spread evenly over each layer's input range; on your data another "
            + $"kernel may be cheaper, and thresholds may cost more than they save (UNIT010). To plan on your data, run `unit profile "
            + $"--assembly <your built .dll> --class {network.Class.Name} --inputs <data.npy>` (or `unit calibrate`, which also chooses the "
            + $"thresholds), then add Calibration = \"{file}\" to [UnitNetwork] and <UnitCalibration Include=\"{file}\" /> to the project file");
    }
}
