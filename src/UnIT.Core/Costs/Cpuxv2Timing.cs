namespace UnIT.Costs;

/// <summary>
/// The profiles' price table: MCLK cycles of one instruction form on the CPUXV2 (MSP430FR58xx/59xx/6xx user's guide
/// SLAU367, format-I/II tables; summarised in docs/cost-model.md, "Where the prices come from"). Sequences copied from
/// compiled listings are priced here, so a listing's instruction and its price are written once.
/// </summary>
public static class Cpuxv2Timing
{
    /// <summary>An instruction of a compiled listing, priced by its form (cycles and code words).</summary>
    public static Instruction Op(string text)
    {
        var form = Parse(text);
        return Instruction.Op(text, Cycles(form), form.Words);
    }

    /// <summary>An instruction that reads a constant table in FRAM (the data word pays wait states like code).</summary>
    public static Instruction TableRead(string text)
    {
        var form = Parse(text);
        return Instruction.Op(text, Cycles(form), form.Words, framDataWords: 1);
    }

    private static InstructionForm Parse(string text) =>
        InstructionForm.Parse(text) ?? throw new ArgumentException($"'{text}' is not one MSP430 instruction.", nameof(text));

    /// <summary>Cycles of one instruction form by the CPUXV2 tables.</summary>
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
            // MOV, CMP and BIT write no memory operand back: one cycle fewer into memory.
            var noWriteBack = form.Operation is "MOV" or "CMP" or "BIT" ? 1 : 0;
            var fromRegister = form.Source is OperandMode.Register or OperandMode.Constant0 or OperandMode.Constant1 or OperandMode.ConstantIndirect;
            if (form.DestinationIsPc)
            {
                return form.Source switch
                {
                    OperandMode.Indexed => 5,
                    OperandMode.Indirect or OperandMode.IndirectIncrement => 4,
                    _ => 3,
                };
            }

            if (form.Destination == OperandMode.Indexed)
            {
                return (fromRegister ? 4 : form.Source == OperandMode.Indexed ? 6 : 5) - noWriteBack;
            }

            return fromRegister ? 1 : form.Source == OperandMode.Indexed ? 3 : 2;
        }

        return form.Operation switch
        {
            "PUSH" => form.Source == OperandMode.Indexed ? 4 : 3,
            "CALL" => form.Source == OperandMode.Indexed ? 5 : 4,
            "RETI" => 5,
            _ => form.Source switch
            {
                OperandMode.Register => 1,
                OperandMode.Indexed => 4,
                _ => 3,
            },
        };
    }
}
