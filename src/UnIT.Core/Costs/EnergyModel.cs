namespace UnIT.Costs;

/// <summary>
/// Energy per cycle from the part's active-mode current slope: <c>E = (I/f) · V</c> per cycle. A slope only: no static
/// term and no wait-state penalty, so it is an estimate and reports say so.
/// </summary>
/// <param name="ActiveCurrentMicroampsPerMegahertz">Active current per MHz (datasheet "µA/MHz").</param>
/// <param name="SupplyVolts">Supply voltage.</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record EnergyModel(double ActiveCurrentMicroampsPerMegahertz, double SupplyVolts, string Source)
{
    /// <summary>Nanojoules per cycle: µA/MHz is pC per cycle; times volts is pJ.</summary>
    public double NanojoulesPerCycle => ActiveCurrentMicroampsPerMegahertz * SupplyVolts / 1000.0;
}
