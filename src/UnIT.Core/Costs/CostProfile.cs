using UnIT.Collections;

namespace UnIT.Costs;

/// <summary>
/// Turns event counts into cycles, time and energy for one emulated MSP430 (docs/cost-model.md). Every event's price is
/// the sum of an explicit instruction sequence (<see cref="EventCost"/>) plus FRAM wait states on the words fetched
/// that miss the FRAM cache. <paramref name="Memory"/> is the part's FRAM and SRAM, the budget a plan must fit
/// (docs/memory.md).
/// </summary>
public sealed record CostProfile(
    TargetProfile Id,
    string DisplayName,
    string Part,
    PartMemory Memory,
    NumberFormat Format,
    bool HasHardwareMultiplier,
    int ClockHz,
    int FramWaitStates,
    double FramCacheHitRate,
    EnergyModel Energy,
    ImmutableEquatableArray<EventCost> Events)
{
    /// <summary>The price of <paramref name="costEvent"/>.</summary>
    public EventCost this[CostEvent costEvent] => Events[(int)costEvent];

    /// <summary>Effective cycles of one event: table cycles plus the expected FRAM wait states.</summary>
    public double CyclesPer(CostEvent costEvent)
    {
        var cost = this[costEvent];
        return cost.Cycles + ((cost.Words + cost.FramDataWords) * FramWaitStates * (1.0 - FramCacheHitRate));
    }

    /// <summary>Total effective cycles of a set of counts.</summary>
    public double Cycles(in EventCounts counts)
    {
        var total = 0.0;
        for (var i = 0; i < EventCounts.EventKinds; i++)
        {
            var count = counts[(CostEvent)i];
            if (count != 0)
            {
                total += count * CyclesPer((CostEvent)i);
            }
        }

        return total;
    }

    /// <summary>Seconds at the profile's clock.</summary>
    public double Seconds(double cycles) => cycles / ClockHz;

    /// <summary>Microjoules for a number of cycles.</summary>
    public double Microjoules(double cycles) => cycles * Energy.NanojoulesPerCycle / 1000.0;

    /// <summary>The same profile with another FRAM cache hit rate (the rate is unknown; reports can sweep it).</summary>
    public CostProfile WithCacheHitRate(double hitRate) =>
        hitRate is >= 0 and <= 1 ? this with { FramCacheHitRate = hitRate }
            : throw new ArgumentOutOfRangeException(nameof(hitRate), hitRate, "A cache hit rate is between 0 and 1.");

    /// <summary>The built-in profile <paramref name="id"/>.</summary>
    public static CostProfile For(TargetProfile id) => Msp430Profiles.For(id);
}
