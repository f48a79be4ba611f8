namespace UnIT.Costs;

/// <summary>
/// One MSP430 instruction (or library-call body) in an event's sequence, priced from the CPUXV2 timing tables
/// (SLAU367 / SLAU445; summarised in <c>docs/cost-model.md</c>).
/// </summary>
/// <param name="Text">Assembly, e.g. <c>MOV #w,&amp;OP2</c>.</param>
/// <param name="Cycles">MCLK cycles without FRAM wait states.</param>
/// <param name="Words">16-bit code words fetched (from FRAM).</param>
/// <param name="FramDataWords">Data words read from FRAM (tables); they pay wait states like code words.</param>
/// <param name="IsEstimate">True when the price is an estimate (library bodies, data-dependent loops) rather than a table value.</param>
public sealed record Instruction(string Text, int Cycles, int Words, int FramDataWords = 0, bool IsEstimate = false)
{
    /// <summary>An instruction priced from the timing table.</summary>
    public static Instruction Op(string text, int cycles, int words, int framDataWords = 0) => new(text, cycles, words, framDataWords);

    /// <summary>A priced estimate (e.g. a run-time library body whose cycle count is not published).</summary>
    public static Instruction Estimate(string text, int cycles, int words = 0, int framDataWords = 0) =>
        new(text, cycles, words, framDataWords, IsEstimate: true);
}
