namespace UnIT;

/// <summary>How a prunable layer is executed (docs/semantics.md, "Kernel implementations"). All but <see cref="Dense"/> give identical results.</summary>
public enum KernelImplementation
{
    /// <summary>Let the planner choose with the target's cost profile.</summary>
    Auto = 0,

    /// <summary>No skipping (the baseline); zero weights are still removed at build time.</summary>
    Dense = 1,

    /// <summary>The paper's form: every candidate MAC is compared against its threshold.</summary>
    Gather = 2,

    /// <summary>Each input's fan-out is sorted by weight magnitude; the kernel stops at the first weight below the cut.</summary>
    Sorted = 3,

    /// <summary>A per-input table indexed by the activation's exponent bucket gives the number of MACs to run.</summary>
    Bucketed = 4,
}
