using UnIT.Costs;
using Xunit;

namespace UnIT.Core.Tests.Costs;

public class CostProfileTests
{
    [Fact]
    public void Every_profile_prices_every_event_with_a_written_sequence()
    {
        foreach (var profile in Msp430Profiles.All)
        {
            Assert.Equal(EventCounts.EventKinds, profile.Events.Count);
            for (var i = 0; i < EventCounts.EventKinds; i++)
            {
                var cost = profile[(CostEvent)i];
                Assert.Equal((CostEvent)i, cost.Event);
                if (profile.Format == NumberFormat.Float32 && cost.Event is CostEvent.RequantizeNonNegative or CostEvent.RequantizeNegative
                    or CostEvent.RequantizeShiftedNonNegative or CostEvent.RequantizeShiftedNegative
                    or CostEvent.ShiftLeftStep or CostEvent.ShiftRightStep or CostEvent.WideShiftRightStep)
                {
                    Assert.Empty(cost.Sequence); // float kernels neither requantise nor shift by a variable count: never counted
                    continue;
                }

                Assert.NotEmpty(cost.Sequence);
                Assert.Equal(cost.Sequence.Sum(s => s.Cycles), cost.Cycles);
                Assert.True(cost.Cycles > 0, $"{profile.Id}: {cost.Event} costs nothing");
            }
        }
    }

    [Fact]
    public void Mpy32_macs_are_the_compiled_loops_cycles()
    {
        // docs/cost-model.md: a Dense tap is 9 instructions, 19 cycles; a scatter entry 21 instructions, 40 cycles.
        var profile = CostProfile.For(TargetProfile.Msp430FR5994);
        Assert.Equal(19, profile[CostEvent.Mac].Cycles);
        Assert.Equal(9, profile[CostEvent.Mac].Sequence.Count);
        Assert.Equal(40, profile[CostEvent.ScatterMac].Cycles);
        Assert.Equal(21, profile[CostEvent.ScatterMac].Sequence.Count);
        Assert.Equal(6, profile[CostEvent.ListCompare].Cycles);
        Assert.False(profile[CostEvent.Mac].IsEstimate);
        Assert.False(profile[CostEvent.OutputSetup].IsEstimate); // the requantisation's sign-dependent tails are counted
        Assert.Equal(21, profile[CostEvent.RequantizeNegative].Sequence.Count);
    }

    [Fact]
    public void Wait_states_are_charged_on_missed_fetches()
    {
        var profile = CostProfile.For(TargetProfile.Msp430FR5994);
        var mac = profile[CostEvent.Mac];
        var fetched = mac.Words + mac.FramDataWords; // code words and the tap's table words
        Assert.Equal(mac.Cycles + (fetched * 0.25), profile.CyclesPer(CostEvent.Mac), 10);
        Assert.Equal(mac.Cycles, profile.WithCacheHitRate(1).CyclesPer(CostEvent.Mac), 10);
        Assert.Equal(mac.Cycles + fetched, profile.WithCacheHitRate(0).CyclesPer(CostEvent.Mac), 10);
    }

    [Fact]
    public void Energy_follows_the_current_slope()
    {
        var profile = CostProfile.For(TargetProfile.Msp430FR5994);
        Assert.Equal(0.354, profile.Energy.NanojoulesPerCycle, 6);
        Assert.Equal(0.354, profile.Microjoules(1000), 6);
        Assert.Equal(1.0, profile.Seconds(16_000_000), 10);
    }

    [Fact]
    public void Cycles_of_a_ledger_are_the_sum_of_count_times_price()
    {
        var profile = CostProfile.For(TargetProfile.Msp430FR5994SoftFloat);
        var counts = default(EventCounts);
        counts.Mac = 1000;
        counts.GatherCompare = 300;
        counts.QuotientExact = 7;
        var expected = (1000 * profile.CyclesPer(CostEvent.Mac)) + (300 * profile.CyclesPer(CostEvent.GatherCompare)) + (7 * profile.CyclesPer(CostEvent.QuotientExact));
        Assert.Equal(expected, profile.Cycles(counts), 6);
    }

    [Fact]
    public void Counters_index_the_field_of_the_same_name()
    {
        var counts = default(EventCounts);
        foreach (var field in typeof(EventCounts).GetFields().Where(f => f.FieldType == typeof(long)))
        {
            var costEvent = Enum.Parse<CostEvent>(field.Name);
            counts[costEvent] = (int)costEvent + 1;
            Assert.Equal((long)(int)costEvent + 1, (long)field.GetValue(counts)!);
        }
    }

    [Fact]
    public void No_multiplier_profile_makes_multiplications_and_reciprocal_tables_expensive()
    {
        var noMpy = CostProfile.For(TargetProfile.Msp430NoMultiplier);
        var mpy = CostProfile.For(TargetProfile.Msp430FR5994);
        Assert.True(noMpy.CyclesPer(CostEvent.Mac) > 5 * mpy.CyclesPer(CostEvent.Mac));
        // The 32x16 product becomes a library call (about 180 cycles): the table quotient costs over twice Pow2's shift.
        Assert.True(noMpy.CyclesPer(CostEvent.QuotientReciprocalLut) > mpy.CyclesPer(CostEvent.QuotientReciprocalLut) + 100);
        Assert.True(noMpy.CyclesPer(CostEvent.QuotientReciprocalLut) > 2 * noMpy.CyclesPer(CostEvent.QuotientPow2));
    }
}
