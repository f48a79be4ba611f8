namespace UnIT.Generators.Emitting;

/// <summary>
/// How much unrolled code one generated method may hold. The JIT stops optimising a method past 20,000 IL instructions
/// or 2,000 basic blocks, so methods are filled to estimated budgets well below both; the estimates per statement were
/// read off the IL of generated code, and the method-size guard test decodes every generated method to check them.
/// </summary>
internal static class MethodBudget
{
    public const int Instructions = 12_000;
    public const int BasicBlocks = 1_000;

    /// <summary>An unrolled statement's estimated IL instructions and basic blocks.</summary>
    public readonly record struct Cost(int Instructions, int BasicBlocks)
    {
        public static Cost operator +(Cost left, Cost right) => new(left.Instructions + right.Instructions, left.BasicBlocks + right.BasicBlocks);

        public static Cost operator *(int count, Cost cost) => new(count * cost.Instructions, count * cost.BasicBlocks);

        public bool Fits => Instructions <= MethodBudget.Instructions && BasicBlocks <= MethodBudget.BasicBlocks;
    }

    /// <summary>A scalar output-stationary tap: load, multiply, add (Gather: compare and branch first).</summary>
    public static Cost Tap(bool gather, bool q15) => gather ? new(q15 ? 36 : 24, 2) : new(q15 ? 10 : 8, 0);

    /// <summary>A vector tap over eight output positions (no branches).</summary>
    public static Cost VectorTap(bool gather, bool q15) => gather ? new(q15 ? 40 : 24, 0) : new(q15 ? 24 : 10, 0);

    /// <summary>One entry of an unrolled fan-out list.</summary>
    public static Cost ListEntry(KernelImplementation implementation) =>
        implementation == KernelImplementation.Bucketed ? new(24, 2) : new(32, 4);

    /// <summary>What a dense layer's input adds besides its entries: load, zero test, quotient or bucket, counters.</summary>
    public static Cost InputOverhead { get; } = new(80, 12);

    /// <summary>How many statements of <paramref name="cost"/> fit in one method.</summary>
    public static int Capacity(Cost cost) =>
        Math.Min(cost.Instructions == 0 ? int.MaxValue : Instructions / cost.Instructions, cost.BasicBlocks == 0 ? int.MaxValue : BasicBlocks / cost.BasicBlocks);
}
