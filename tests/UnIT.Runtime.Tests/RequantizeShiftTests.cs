using UnIT.Model;
using UnIT.Preparation;
using UnIT.Semantics;
using Xunit;

namespace UnIT.Runtime.Tests;

/// <summary>
/// Q15 scales leave the MCU's 32-bit accumulators room: a layer whose weights are small and whose output range is
/// wide would take a requantising shift above 16 bits at the weights' finest scale; the weight scale gives way so
/// every sum whose output is not saturated fits in int32 (docs/semantics.md, Q15).
/// </summary>
public class RequantizeShiftTests
{
    [Fact]
    public void Weight_scale_gives_way_so_the_shift_is_at_most_16_and_unsaturated_sums_fit_int32()
    {
        // max|w| = 0.01 alone would take scale 21; input range 4 (scale 12), declared output range 200 (scale 7): 21 + 12 - 7 = 26.
        var weights = Enumerable.Range(0, 64 * 10).Select(i => (i % 7 - 3) / 300f).ToArray();
        var network = PreparedNetwork.Prepare(
            new NetworkBuilder("Wide", TensorShape.Of(64)).Dense("fc", 10, PruningSettings.Default with { OutputRange = 200f }).Build(new NetworkOptions { Format = NumberFormat.Q15, InputRange = 4f }),
            TestWeights.Create(("fc.weight", weights, [10, 64]), ("fc.bias", new float[10], [10])));

        var layer = network.MacLayers.Single();
        Assert.Equal(Q15.MaxRequantizeShift, layer.RequantizeShift);
        Assert.Equal(7 + 16 - 12, layer.WeightScale);

        // The largest unsaturated output, 32767 at the output scale, is a sum of 32767 · 2^16 < 2^31.
        Assert.True(32767L << layer.RequantizeShift < int.MaxValue);
    }
}
