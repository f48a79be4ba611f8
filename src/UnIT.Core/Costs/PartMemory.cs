namespace UnIT.Costs;

/// <summary>A part's memories in bytes: FRAM (non-volatile, holds code and constants) and SRAM.</summary>
public sealed record PartMemory(long FramBytes, long SramBytes);
