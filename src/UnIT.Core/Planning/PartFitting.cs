using System.Globalization;
using UnIT.Costs;
using UnIT.Kernels;
using UnIT.Preparation;
using UnIT.Resources;

namespace UnIT.Planning;

/// <summary>
/// Makes a plan fit the profile's part (docs/memory.md): when the cheapest kernel per layer needs more FRAM than the
/// part has, layers that were not forced give up their cheapest kernel for one that stores less, fewest extra cycles
/// first, until the whole plan fits. When no combination fits, the cheapest plan stays and UNIT113 says so.
/// </summary>
internal static class PartFitting
{
    public static IReadOnlyList<LayerChoice> Fit(PreparedNetwork network, NumberFormat format, CostProfile profile, IReadOnlyList<LayerChoice> cheapest)
    {
        var layers = network.MacLayers.ToArray();
        var buckets = new BucketTable?[layers.Length];
        BucketTable? Buckets(int i, KernelImplementation implementation) => implementation == KernelImplementation.Bucketed
            ? buckets[i] ??= BucketTable.Build(layers[i], format, FanOutLists.Build(layers[i], format))
            : null;
        long Needed(KernelImplementation[] plan) => PartFit.FramBytesNeeded(
            KernelResources.Analyze(network, format, plan, plan.Select((implementation, i) => Buckets(i, implementation)).ToArray()), profile.Memory);

        var current = cheapest.Select(c => c.Implementation).ToArray();
        var cheapestNeeded = Needed(current);
        var needed = cheapestNeeded;
        while (needed > profile.Memory.FramBytes)
        {
            // The move that fits with the fewest extra cycles; while none fits, the fewest extra cycles per byte saved.
            (int Layer, KernelImplementation Implementation, long Needed, double Score, bool Fits)? best = null;
            for (var i = 0; i < layers.Length; i++)
            {
                if (cheapest[i].Forced)
                {
                    continue;
                }

                var now = cheapest[i].Estimates.First(e => e.Implementation == current[i]).Cycles;
                foreach (var estimate in cheapest[i].Estimates.Where(e => e.Implementation != current[i]))
                {
                    var trial = (KernelImplementation[])current.Clone();
                    trial[i] = estimate.Implementation;
                    var trialNeeded = Needed(trial);
                    if (trialNeeded >= needed)
                    {
                        continue;
                    }

                    var fits = trialNeeded <= profile.Memory.FramBytes;
                    var extra = estimate.Cycles - now;
                    var score = fits ? extra : extra / (needed - trialNeeded);
                    if (best is null || (fits && !best.Value.Fits) || (fits == best.Value.Fits && score < best.Value.Score))
                    {
                        best = (i, estimate.Implementation, trialNeeded, score, fits);
                    }
                }
            }

            if (best is null)
            {
                return cheapest; // nothing fits: keep the cheapest plan; the generator reports the overflow
            }

            current[best.Value.Layer] = best.Value.Implementation;
            needed = best.Value.Needed;
        }

        return cheapest.Select((choice, i) => current[i] == choice.Implementation ? choice : choice with
        {
            Implementation = current[i],
            Reason = string.Format(
                CultureInfo.InvariantCulture,
                "the cheapest plan that fits the part's {0:N0} B of FRAM: {1} is estimated at {2:N0} cycles, but with it the plan needs {3:N0} B",
                profile.Memory.FramBytes, choice.Implementation, choice.Chosen.Cycles, cheapestNeeded),
        }).ToArray();
    }
}
