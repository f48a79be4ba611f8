namespace UnIT.Msp430;

/// <summary>A tool the MSP430 harness needs is not installed; the message names the Debian package that provides it.</summary>
public sealed class Msp430ToolMissingException : Exception
{
    /// <summary>Creates the exception for the missing tools listed in <paramref name="message"/>.</summary>
    public Msp430ToolMissingException(string message)
        : base(message)
    {
    }
}
