using UnIT.Kernels;
using UnIT.Model;
using UnIT.Preparation;
using UnIT.Resources;
using UnIT.Training.Pruning;

namespace UnIT.Training.Tests.Structured;

public class ResourceAccountingTests
{
    private static readonly ResourceAccounting WeightsOnly = ResourceAccounting.WeightsOnly(ElementSizes.Q15);

    public static TheoryData<string, NumberFormat> Networks() => new()
    {
        { "mnist", NumberFormat.Q15 },
        { "convconv", NumberFormat.Q15 },
        { "strided", NumberFormat.Q15 },
        { "seq", NumberFormat.Q15 },
        { "mnist", NumberFormat.Float32 },
        { "strided", NumberFormat.Float32 },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Chip_flash_of_a_definition_is_what_the_Dense_plan_of_its_network_stores(string name, NumberFormat format)
    {
        var definition = Definition(name);
        var prepared = Prepared(definition, format);

        var onChip = ResourceAccounting.Chip(format).Analyze(definition);
        var densePlan = KernelResources.Analyze(prepared, format, [.. prepared.MacLayers.Select(_ => KernelImplementation.Dense)]);

        Assert.Equal(densePlan.FlashBytes, onChip.FlashBytes);
        Assert.Equal(densePlan.Operators.Select(o => o.FlashBytes), onChip.Operators.Select(o => o.FlashBytes));
        Assert.Equal(densePlan.Macs, onChip.Macs);
    }

    [Fact]
    public void Chip_flash_is_the_Dense_tables_plus_every_layers_code()
    {
        var definition = TestNetworks.PaperMnist();
        var prepared = Prepared(definition, NumberFormat.Q15);

        var onChip = ResourceAccounting.Default.Analyze(definition);

        var tables = prepared.MacLayers.Sum(l => ResourceEstimate.TableBytes(l, KernelImplementation.Dense, NumberFormat.Q15));
        var code = prepared.Layers.Sum(l => l is PreparedMacLayer mac
            ? CodeSize.MacLayerBytes(KernelImplementation.Dense, mac.Division, inputStationary: false, mac.IsDense)
            : CodeSize.LayerBytes(prepared.Definition, NetworkShapes.Infer(prepared.Definition), l.DefinitionIndex));
        Assert.Equal(tables + code, onChip.FlashBytes);
        Assert.True(onChip.FlashBytes > WeightsOnly.Analyze(definition).FlashBytes + code); // index tables too
    }

    [Fact]
    public void Chip_RAM_of_the_paper_model_counts_conv1s_accumulators_and_bounds_every_plan()
    {
        // conv1 may run Sorted or Bucketed: 6x24x24 32-bit accumulators (13,824 B), which its int16 outputs overlay.
        var definition = TestNetworks.PaperMnist();
        Assert.Equal(8_640, WeightsOnly.Analyze(definition).PeakRamBytes);
        Assert.Equal(13_824, ResourceAccounting.Default.Analyze(definition).PeakRamBytes);

        // The structured model (3/15/10): 4,320 B by the paper's count, 6,912 B once conv1 may scatter.
        var structured = ChannelPruning.Narrow(definition, new Dictionary<string, int> { ["conv1"] = 3, ["conv2"] = 15 });
        Assert.Equal(4_320, WeightsOnly.Analyze(structured).PeakRamBytes);
        var onChip = ResourceAccounting.Default.Analyze(structured);
        Assert.Equal(6_912, onChip.PeakRamBytes);

        var prepared = Prepared(structured, NumberFormat.Q15);
        foreach (var kernel in new[] { KernelImplementation.Dense, KernelImplementation.Gather, KernelImplementation.Sorted, KernelImplementation.Bucketed })
        {
            var plan = KernelResources.Analyze(prepared, NumberFormat.Q15, [.. prepared.MacLayers.Select(_ => kernel)]);
            Assert.True(plan.PeakRamBytes <= onChip.PeakRamBytes, $"{kernel}: {plan.PeakRamBytes} B");
            Assert.True(plan.PeakRamBytesWithInput <= onChip.PeakRamBytesWithInput, $"{kernel}: {plan.PeakRamBytesWithInput} B with input");
        }

        Assert.Equal(onChip.PeakRamBytes, KernelResources.Analyze(prepared, NumberFormat.Q15, [.. prepared.MacLayers.Select(_ => KernelImplementation.Sorted)]).PeakRamBytes);
    }

    [Fact]
    public void Accumulators_are_counted_only_where_the_planner_may_choose_an_input_stationary_kernel()
    {
        // conv1 has stride 2: only Dense and Gather, both output-stationary on a convolution. fc1 and fc2 may scatter (Gather
        // on a dense layer does too): 4 and 3 accumulators, 2 B each beyond the output that overlays them.
        var strided = StructuredNetworks.StridedAvgDense();
        Assert.Equal([0L, 0, 0, 0, 4 * 2, 3 * 2], Accumulators(strided));

        // A forced output-stationary kernel needs none; a forced Gather on a dense layer scatters.
        var forced = new NetworkBuilder("forced", TensorShape.Of(1, 6, 6))
            .Conv2d("conv1", 4, 3, pruning: PruningSettings.Default with { Implementation = KernelImplementation.Dense }).ReLU()
            .Conv2d("conv2", 2, 3, pruning: PruningSettings.Default with { Implementation = KernelImplementation.Gather })
            .Flatten().Dense("fc1", 3, PruningSettings.Default with { Implementation = KernelImplementation.Gather }).Build();
        Assert.Equal([0L, 0, 0, 0, 3 * 2], Accumulators(forced));

        // Float32 kernels scatter into their output buffer: no accumulators.
        Assert.Equal(ResourceModel.Analyze(strided, ElementSizes.Float32).Operators.Select(o => o.LiveBytes), ResourceAccounting.Chip(NumberFormat.Float32).Analyze(strided).Operators.Select(o => o.LiveBytes));
    }

    [Fact]
    public void The_smaller_definition_has_the_chip_resources_the_masked_model_was_charged_with()
    {
        var masked = TrainableNetwork.Create(StructuredNetworks.ConvConvDense(), seed: 2);
        StructuredNetworks.PruneChannels(masked, "conv1", MaskMode.Soft, 2);
        StructuredNetworks.PruneChannels(masked, "conv2", MaskMode.Soft, 0, 3);
        var pruned = ChannelPruning.RemovePrunedChannels(masked);

        Assert.Equal(KernelResources.BeforePlanning(pruned.Definition, NumberFormat.Q15), ChannelPruning.Resources(masked));
    }

    /// <summary>What the chip accounting adds to each operator's live bytes over the weights-only count (Q15).</summary>
    private static long[] Accumulators(NetworkDefinition definition) =>
        [.. ResourceAccounting.Default.Analyze(definition).Operators.Zip(WeightsOnly.Analyze(definition).Operators, (chip, paper) => chip.LiveBytes - paper.LiveBytes)];

    private static NetworkDefinition Definition(string name) => name switch
    {
        "mnist" => TestNetworks.PaperMnist(),
        "convconv" => StructuredNetworks.ConvConvDense(),
        "strided" => StructuredNetworks.StridedAvgDense(),
        _ => StructuredNetworks.Conv1d(),
    };

    /// <summary>
    /// The definition with freshly initialised weights moved 0.01 away from zero (so none quantises to zero and the Dense
    /// plan stores every one), prepared as the toolchain reads them.
    /// </summary>
    private static PreparedNetwork Prepared(NetworkDefinition definition, NumberFormat format)
    {
        var network = TrainableNetwork.Create(definition, seed: 1);
        foreach (var layer in network.Layers)
        {
            var weights = layer.Weight.Values;
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] += weights[i] < 0 ? -0.01f : 0.01f;
            }
        }

        var prepared = PreparedNetwork.Prepare(definition, StructuredNetworks.Exported(network));
        Assert.All(prepared.MacLayers, l => Assert.Equal(l.Geometry.WeightCount, format == NumberFormat.Q15 ? l.QuantizedNonZeroWeights : l.NonZeroWeights));
        return prepared;
    }
}
