using UnIT.Costs;
using UnIT.Model;
using UnIT.Resources;
using Xunit;

namespace UnIT.Core.Tests.Resources;

public class PartFitTests
{
    private static readonly PartMemory Fr5994 = CostProfile.For(TargetProfile.Msp430FR5994).Memory;

    [Fact]
    public void The_fr5994_profiles_carry_256_KB_of_FRAM_and_8_KB_of_SRAM()
    {
        Assert.Equal(new PartMemory(262_144, 8_192), Fr5994);
        Assert.Equal(Fr5994, CostProfile.For(TargetProfile.Msp430FR5994SoftFloat).Memory);
    }

    [Fact]
    public void Constants_over_FRAM_name_the_largest_layer_and_the_bytes_over()
    {
        // 'wide': 2,000 x 200 int16 weights and 200 int32 biases, 800,800 B; 'fc' adds 80,800 B; activations (4,400 B) stay in SRAM.
        var network = new NetworkBuilder("Wide", TensorShape.Of(2000)).Dense("wide", 200).Dense("fc", 200).Build();
        var resources = ResourceModel.Analyze(network, ElementSizes.Q15);

        var overflow = PartFit.Check(resources, Fr5994);

        Assert.NotNull(overflow);
        Assert.Equal("wide", overflow.Layer);
        Assert.Equal((400_000 * 2) + (200 * 4), overflow.LayerBytes);
        Assert.False(overflow.IsActivationPeak);
        Assert.False(overflow.ActivationsInFram);
        Assert.Equal(800_800 + 80_800, overflow.NeededBytes);
        Assert.Equal(800_800 + 80_800 - 262_144, overflow.BytesOver);
    }

    [Fact]
    public void Activations_that_outgrow_SRAM_take_FRAM_and_still_fit()
    {
        // 1x28x28 -> conv 6 5x5 -> fc 10: 1,568 B input, an arena of 6,912 B (conv1's output) + 20 B (fc1's), 20 B
        // output and 256 B of stack: 8,776 B > 8 KB SRAM; FRAM has room for the buffers.
        var network = new NetworkBuilder("Mnist", TensorShape.Of(1, 28, 28)).Conv2d("conv1", 6, 5).Flatten().Dense("fc1", 10).Build();
        var resources = ResourceModel.Analyze(network, ElementSizes.Q15);

        Assert.Equal(1_568 + 6_932 + 20 + 256, resources.RamBytes);
        Assert.True(PartFit.ActivationsInFram(resources, Fr5994));
        Assert.Equal(resources.FlashBytes + 1_568 + 6_932 + 20, PartFit.FramBytesNeeded(resources, Fr5994));
        Assert.Null(PartFit.Check(resources, Fr5994));
    }

    [Fact]
    public void An_activation_peak_larger_than_FRAM_names_the_layer_where_it_occurs()
    {
        // 1x128x128 -> conv 8 3x3 pad 1: 32,768 B input, a 262,144 B arena (the conv's output) and the 262,144 B network
        // output: more than all of FRAM.
        var network = new NetworkBuilder("Big", TensorShape.Of(1, 128, 128)).Conv2d("conv", 8, 3, padding: 1).Build();
        var resources = ResourceModel.Analyze(network, ElementSizes.Q15);

        var overflow = PartFit.Check(resources, Fr5994);

        Assert.NotNull(overflow);
        Assert.True(overflow.IsActivationPeak);
        Assert.Equal("conv", overflow.Layer);
        Assert.Equal(32_768 + 262_144 + 262_144, overflow.LayerBytes);
        Assert.Equal(resources.FlashBytes + 32_768 + 262_144 + 262_144 - 262_144, overflow.BytesOver);
    }

    [Fact]
    public void A_plan_that_fits_has_no_overflow()
    {
        var network = new NetworkBuilder("Small", TensorShape.Of(64)).Dense("fc", 10).Build();
        Assert.Null(PartFit.Check(ResourceModel.Analyze(network, ElementSizes.Q15), Fr5994));
    }
}
