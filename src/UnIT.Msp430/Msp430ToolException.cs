namespace UnIT.Msp430;

/// <summary>
/// A tool of the MSP430 harness failed: the compiler or linker rejected the code, or the simulator did not reach the
/// expected stops in time. The message carries the tool's own diagnostic.
/// </summary>
public class Msp430ToolException : Exception
{
    /// <summary>Creates the exception with the tool's diagnostic in <paramref name="message"/>.</summary>
    public Msp430ToolException(string message)
        : base(message)
    {
    }
}
