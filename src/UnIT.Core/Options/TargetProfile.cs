namespace UnIT;

/// <summary>The emulated microcontroller whose cycles and energy the ledger prices (docs/cost-model.md).</summary>
public enum TargetProfile
{
    /// <summary>MSP430FR5994 at 16 MHz, one FRAM wait state, MPY32 hardware multiplier; Q15 arithmetic.</summary>
    Msp430FR5994 = 0,

    /// <summary>The same part running IEEE-754 single precision in software (<c>__mspabi_*f</c> library calls).</summary>
    Msp430FR5994SoftFloat = 1,

    /// <summary>An MSP430 without hardware multiplier (multiplication is a library call); Q15 arithmetic.</summary>
    Msp430NoMultiplier = 2,
}
