using System.Globalization;
using UnIT.Costs;
using UnIT.Resources;

namespace UnIT.Generators.Planning;

/// <summary>UNIT113's message: what does not fit, by how many bytes, which layer to shrink and how.</summary>
internal static class PartFitMessage
{
    public static string Describe(string network, CostProfile profile, MemoryOverflow overflow)
    {
        var memory = profile.Memory;
        var activations = overflow.ActivationsInFram
            ? Invariant($", and its activation buffers ({overflow.ActivationBytes:N0} B: input, output and the arena) outgrow the {memory.SramBytes:N0} B of SRAM, so they take FRAM too")
            : string.Empty;
        var largest = overflow.IsActivationPeak
            ? Invariant($"the activation buffers, whose arena is sized by layer '{overflow.Layer}' ({overflow.LayerBytes:N0} B)")
            : Invariant($"the constants of layer '{overflow.Layer}' ({overflow.LayerBytes:N0} B)");
        var fix = overflow.IsActivationPeak
            ? Invariant($"narrow '{overflow.Layer}' or the layer before it, or pool earlier")
            : Invariant($"prune or narrow '{overflow.Layer}' (zero weights are not stored), or, if its Implementation is forced, remove it so the planner may pick a kernel that stores less");
        return Invariant($"Network '{network}' needs {overflow.NeededBytes:N0} B of FRAM but {profile.Part} has {memory.FramBytes:N0} B ({overflow.BytesOver:N0} B over): ")
            + Invariant($"its code and constant tables take {overflow.ConstantBytes:N0} B{activations}. The largest share is {largest}; ")
            + Invariant($"to fit, remove at least {overflow.BytesOver:N0} B: {fix}. The host build runs; the C export would not fit the part");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
