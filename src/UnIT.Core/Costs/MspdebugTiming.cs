namespace UnIT.Costs;

/// <summary>
/// The second price table, used only to check the cost model against the simulator: MCLK cycles by the rules of
/// mspdebug 0.22's <c>sim</c> driver (<c>drivers/sim.c</c>, classic MSP430 CPU), which differ from TI's CPUXV2 table
/// the profiles use (docs/cost-model.md, "Checked against the simulator"). Same sequences, other prices: when these
/// cycles match the simulator's MCLK, the sequences are the ones that ran.
/// </summary>
public static class MspdebugTiming
{
    /// <summary>Cycles of one instruction by mspdebug 0.22's rules; an entry that is not one instruction keeps its own estimate.</summary>
    public static int Cycles(Instruction instruction)
    {
        if (instruction is null)
        {
            throw new ArgumentNullException(nameof(instruction));
        }

        return InstructionForm.Parse(instruction.Text) is { } form ? Cycles(form) : instruction.Cycles;
    }

    /// <summary>Cycles of one instruction form by mspdebug 0.22's rules.</summary>
    public static int Cycles(InstructionForm form)
    {
        if (form is null)
        {
            throw new ArgumentNullException(nameof(form));
        }

        if (form.Operation == "JMP")
        {
            return 2;
        }

        if (form.IsDoubleOperand)
        {
            if (form.DestinationIsPc)
            {
                return form.Source is OperandMode.Register or OperandMode.Indirect or OperandMode.Constant0 ? 2 : 3;
            }

            // The simulator classes R3's #1 with indexed sources and #2/#4/#8/#-1 with indirect ones (0.22 predates the fix).
            var cycles = form.Source switch
            {
                OperandMode.Indirect or OperandMode.IndirectIncrement or OperandMode.Immediate or OperandMode.ConstantIndirect => 2,
                OperandMode.Indexed or OperandMode.Constant1 => 3,
                _ => 1,
            };
            return cycles + (form.Destination == OperandMode.Indexed ? 3 : 0);
        }

        return form.Operation switch
        {
            "PUSH" => form.Source switch
            {
                OperandMode.Register or OperandMode.Constant0 => 3,
                OperandMode.Indirect or OperandMode.Immediate => 4,
                _ => 5,
            },
            "CALL" => form.Source is OperandMode.Register or OperandMode.Indirect ? 4 : 5,
            "RETI" => 5,
            _ => form.Source switch
            {
                OperandMode.Indexed => 4,
                OperandMode.Register => 1,
                _ => 3,
            },
        };
    }

    /// <summary>Instructions one entry of a sequence stands for: one, or the entry's estimate when it is a body or a loop.</summary>
    public static int Instructions(Instruction instruction)
    {
        if (instruction is null)
        {
            throw new ArgumentNullException(nameof(instruction));
        }

        return InstructionForm.Parse(instruction.Text) is null ? instruction.Words : 1;
    }

    /// <summary>Cycles of an event's sequence by mspdebug 0.22's rules.</summary>
    public static int Cycles(EventCost cost)
    {
        if (cost is null)
        {
            throw new ArgumentNullException(nameof(cost));
        }

        return cost.Sequence.Sum(Cycles);
    }

    /// <summary>Instructions executed by one occurrence of an event.</summary>
    public static int Instructions(EventCost cost)
    {
        if (cost is null)
        {
            throw new ArgumentNullException(nameof(cost));
        }

        return cost.Sequence.Sum(Instructions);
    }

    /// <summary>A ledger row priced by mspdebug 0.22's rules (no wait states: the simulator has none).</summary>
    public static long Cycles(CostProfile profile, in EventCounts counts) => Sum(profile, counts, Cycles);

    /// <summary>Instructions of a ledger row: each event's count times its sequence's length.</summary>
    public static long Instructions(CostProfile profile, in EventCounts counts) => Sum(profile, counts, Instructions);

    private static long Sum(CostProfile profile, in EventCounts counts, Func<EventCost, int> price)
    {
        if (profile is null)
        {
            throw new ArgumentNullException(nameof(profile));
        }

        long total = 0;
        for (var i = 0; i < EventCounts.EventKinds; i++)
        {
            var count = counts[(CostEvent)i];
            if (count != 0)
            {
                total += count * price(profile[(CostEvent)i]);
            }
        }

        return total;
    }
}
