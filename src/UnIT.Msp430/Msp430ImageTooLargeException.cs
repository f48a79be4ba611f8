namespace UnIT.Msp430;

/// <summary>
/// The link failed because the image does not fit the memory map below 64 KB (FRAM for code, constants and FRAM-kept
/// buffers; SRAM for data and the stack). <see cref="NetworkSimulation"/> then runs the network layer by layer.
/// </summary>
public sealed class Msp430ImageTooLargeException : Msp430ToolException
{
    /// <summary>Creates the exception with the linker's diagnostic in <paramref name="message"/>.</summary>
    public Msp430ImageTooLargeException(string message)
        : base(message)
    {
    }
}
