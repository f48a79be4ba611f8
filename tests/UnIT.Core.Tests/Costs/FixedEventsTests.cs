using UnIT.Costs;
using UnIT.Model;
using Xunit;

namespace UnIT.Core.Tests.Costs;

public class FixedEventsTests
{
    /// <summary>A 5x5 convolution on a 28x28 map with <paramref name="inChannels"/> input channels (stride 1, no padding).</summary>
    private static ConvGeometry Conv(int inChannels, int groups = 1) => new(inChannels, 28, 28, 6 * groups, 24, 24, 5, 5, 1, 1, 0, 0, 1, 1, groups);

    private static readonly ConvGeometry FullyConnected = new(1, 1, 1, 10, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1);

    [Fact]
    public void Only_a_sorted_convolution_with_one_input_channel_walks_one_list()
    {
        Assert.True(FixedEvents.WalksOneList(KernelImplementation.Sorted, Conv(1)));
        Assert.False(FixedEvents.WalksOneList(KernelImplementation.Sorted, Conv(2))); // a list per channel: pointers step
        Assert.False(FixedEvents.WalksOneList(KernelImplementation.Sorted, Conv(4, groups: 4))); // depthwise: one list per channel too
        Assert.False(FixedEvents.WalksOneList(KernelImplementation.Bucketed, Conv(1))); // counts from tables, pointer walks
        Assert.False(FixedEvents.WalksOneList(KernelImplementation.Sorted, FullyConnected)); // a list per input
    }

    [Fact]
    public void A_one_list_walk_counts_its_own_compare_product_and_border_events()
    {
        Assert.Equal(CostEvent.OneListCompare, FixedEvents.ListEntryCompare(KernelImplementation.Sorted, oneList: true));
        Assert.Equal(CostEvent.OneListMac, FixedEvents.ScatterProduct(KernelImplementation.Sorted, dense: false, oneList: true));
        Assert.Equal(CostEvent.OneListBorderMac, FixedEvents.BorderProduct(KernelImplementation.Sorted, oneList: true));
        Assert.Equal(CostEvent.OneListBorderTest, FixedEvents.BorderEntryTest(oneList: true));

        Assert.Equal(CostEvent.ListCompare, FixedEvents.ListEntryCompare(KernelImplementation.Sorted, oneList: false));
        Assert.Equal(CostEvent.ScatterMac, FixedEvents.ScatterProduct(KernelImplementation.Sorted, dense: false, oneList: false));
        Assert.Equal(CostEvent.BorderMac, FixedEvents.BorderProduct(KernelImplementation.Sorted, oneList: false));
        Assert.Equal(CostEvent.ScatterMac, FixedEvents.BorderProduct(KernelImplementation.Bucketed, oneList: false));
        Assert.Equal(CostEvent.BorderTest, FixedEvents.BorderEntryTest(oneList: false));
    }

    [Fact]
    public void A_convolution_pixel_tests_its_window_and_its_loops_step_once_per_input_row()
    {
        Assert.Equal(CostEvent.ActivePixel, FixedEvents.ActiveInput(Conv(2)));
        Assert.Equal(CostEvent.ActiveInput, FixedEvents.ActiveInput(FullyConnected));
        Assert.Equal([new FixedEvent(CostEvent.InputRow, 2 * 28)], FixedEvents.InputRows(KernelImplementation.Sorted, Conv(2)));
        Assert.Equal([new FixedEvent(CostEvent.InputRowWindow, 2 * 28)], FixedEvents.InputRows(KernelImplementation.Bucketed, Conv(2)));
        Assert.Empty(FixedEvents.InputRows(KernelImplementation.Sorted, FullyConnected));
    }

    [Fact]
    public void The_one_list_products_and_compares_count_as_macs_and_comparisons()
    {
        var counts = default(EventCounts);
        counts.OneListMac = 3;
        counts.OneListBorderMac = 2;
        counts.OneListCompare = 4;
        Assert.Equal(5, counts.MacsPerformed);
        Assert.Equal(4, counts.ThresholdComparisons);
    }
}
