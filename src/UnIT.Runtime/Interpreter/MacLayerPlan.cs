using UnIT.Kernels;
using UnIT.Preparation;

namespace UnIT.Interpreter;

/// <summary>
/// How the interpreter runs and accounts one conv/dense layer: the implementation and, when it needs them, the
/// build-time structures that implementation would use (fan-out lists, bucket tables).
/// </summary>
internal sealed class MacLayerPlan
{
    public MacLayerPlan(PreparedMacLayer layer, NumberFormat format, KernelImplementation implementation)
    {
        Layer = layer;
        Format = format;
        Implementation = implementation;
        if (ResourceEstimate.IsInputStationary(layer, implementation))
        {
            Lists = FanOutLists.Build(layer, format);
            Buckets = implementation == KernelImplementation.Bucketed ? BucketTable.Build(layer, format, Lists) : null;
            if (Buckets is not null && BucketTable.BuildTapTables(layer, format, Lists) is var (tapLists, tapBuckets))
            {
                TapLists = tapLists;
                TapBuckets = tapBuckets;
            }
        }
    }

    public PreparedMacLayer Layer { get; }

    public NumberFormat Format { get; }

    public KernelImplementation Implementation { get; }

    /// <summary>Fan-out lists, for input-stationary implementations.</summary>
    public FanOutLists? Lists { get; }

    /// <summary>Bucket tables, for <see cref="KernelImplementation.Bucketed"/>.</summary>
    public BucketTable? Buckets { get; }

    /// <summary>Bucketed convolutions: the fan-out regrouped by kernel tap, which border pixels walk.</summary>
    public FanOutLists? TapLists { get; }

    /// <summary>Bucketed convolutions: the count tables of <see cref="TapLists"/>.</summary>
    public BucketTable? TapBuckets { get; }

    /// <summary>True when the threshold is honoured (everything but Dense).</summary>
    public bool Skips => Implementation != KernelImplementation.Dense;
}
