using System.Globalization;

namespace UnIT.Costs;

/// <summary>How an MSP430 operand is addressed, as the instruction encodes it (constant-generator values apart).</summary>
public enum OperandMode
{
    /// <summary>No operand (jumps, RET's implicit ones are spelled out by <see cref="InstructionForm.Parse"/>).</summary>
    None,

    /// <summary><c>Rn</c>.</summary>
    Register,

    /// <summary><c>@Rn</c>.</summary>
    Indirect,

    /// <summary><c>@Rn+</c>.</summary>
    IndirectIncrement,

    /// <summary><c>x(Rn)</c>, <c>&amp;EDE</c> or <c>EDE</c>: an offset word, then the memory access.</summary>
    Indexed,

    /// <summary><c>#N</c> that needs an extension word (encoded <c>@PC+</c>).</summary>
    Immediate,

    /// <summary><c>#0</c>: the constant generator R3 in register mode.</summary>
    Constant0,

    /// <summary><c>#1</c>: R3 in indexed mode (no extension word).</summary>
    Constant1,

    /// <summary><c>#2</c>, <c>#4</c>, <c>#8</c>, <c>#-1</c>: R2/R3 in indirect modes (no extension word).</summary>
    ConstantIndirect,
}

/// <summary>
/// The encoding-level shape of one instruction written in a cost sequence: its core operation (emulated mnemonics such
/// as <c>INC</c>, <c>TST</c>, <c>CLR</c>, <c>RET</c> resolved to the format-I instruction they assemble to) and the
/// addressing modes of its operands. Timing tables price forms, not texts.
/// </summary>
/// <param name="Operation">Core mnemonic without the <c>.B</c> suffix: <c>MOV</c>, <c>ADD</c>, …, <c>RRA</c>, <c>PUSH</c>, <c>CALL</c>, <c>JMP</c> (every jump).</param>
/// <param name="Source">Source operand mode (format I), or the single operand (format II).</param>
/// <param name="Destination">Destination mode (format I only).</param>
/// <param name="DestinationIsPc">True when the destination register is PC (branches through a register or table).</param>
public sealed record InstructionForm(string Operation, OperandMode Source, OperandMode Destination, bool DestinationIsPc)
{
    private static readonly HashSet<string> DoubleOperand =
        ["MOV", "ADD", "ADDC", "SUB", "SUBC", "CMP", "DADD", "BIT", "BIC", "BIS", "XOR", "AND"];

    private static readonly HashSet<string> SingleOperand = ["RRC", "RRA", "SWPB", "SXT", "PUSH", "CALL", "RETI"];

    /// <summary>True for a format-I (two-operand) instruction.</summary>
    public bool IsDoubleOperand => DoubleOperand.Contains(Operation);

    /// <summary>16-bit words the instruction occupies: the opcode, plus one per operand with an offset or an immediate.</summary>
    public int Words => 1 + (Source is OperandMode.Indexed or OperandMode.Immediate ? 1 : 0) + (Destination == OperandMode.Indexed ? 1 : 0);

    /// <summary>
    /// Parses one instruction as the cost sequences write it (<c>MOV x(R4),&amp;MACS</c>, <c>CMP #tau+1,R12</c>,
    /// <c>INCD R5</c>, <c>JNZ loop</c>); null for text that is not one instruction (a library body, a shift loop).
    /// </summary>
    public static InstructionForm? Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var trimmed = text.Trim();
        var space = trimmed.IndexOf(' ');
        var mnemonic = (space < 0 ? trimmed : trimmed.Substring(0, space)).ToUpperInvariant();
        if (mnemonic.EndsWith(".B", StringComparison.Ordinal) || mnemonic.EndsWith(".W", StringComparison.Ordinal))
        {
            mnemonic = mnemonic.Substring(0, mnemonic.Length - 2);
        }

        var operands = space < 0 ? [] : trimmed.Substring(space + 1).Split(',').Select(o => o.Trim()).ToArray();
        if (operands.Any(o => o.IndexOf(' ') >= 0))
        {
            return null;
        }

        if (mnemonic.StartsWith("J", StringComparison.Ordinal) && mnemonic.Length <= 4 && operands.Length == 1)
        {
            return new InstructionForm("JMP", OperandMode.None, OperandMode.None, false);
        }

        // Emulated instructions: the core instruction and the constant they use.
        (string Operation, string? Source)? emulated = mnemonic switch
        {
            "CLR" => ("MOV", "#0"),
            "TST" => ("CMP", "#0"),
            "INC" => ("ADD", "#1"),
            "INCD" => ("ADD", "#2"),
            "DEC" => ("SUB", "#1"),
            "DECD" => ("SUB", "#2"),
            "INV" => ("XOR", "#-1"),
            "ADC" => ("ADDC", "#0"),
            "SBC" => ("SUBC", "#0"),
            "RLA" => ("ADD", null),
            "RLC" => ("ADDC", null),
            "POP" => ("MOV", "@SP+"),
            "BR" => ("MOV", null),
            _ => null,
        };
        if (mnemonic is "RET")
        {
            return new InstructionForm("MOV", OperandMode.IndirectIncrement, OperandMode.Register, DestinationIsPc: true);
        }

        if (mnemonic is "NOP")
        {
            return new InstructionForm("MOV", OperandMode.Constant0, OperandMode.Register, false);
        }

        if (mnemonic is "CLRC" or "SETC" or "CLRZ" or "SETZ" or "CLRN" or "SETN")
        {
            // BIC/BIS #bit,SR: C is bit 0, so CLRC and SETC take #1 (R3 indexed), Z and N #2 and #4 (indirect modes).
            var bit = mnemonic.EndsWith("C", StringComparison.Ordinal) ? OperandMode.Constant1 : OperandMode.ConstantIndirect;
            return new InstructionForm(mnemonic.StartsWith("CLR", StringComparison.Ordinal) ? "BIC" : "BIS", bit, OperandMode.Register, false);
        }

        if (emulated is { } e && operands.Length == 1)
        {
            var destination = operands[0];
            if (mnemonic == "BR")
            {
                return new InstructionForm("MOV", Mode(destination), OperandMode.Register, DestinationIsPc: true);
            }

            var source = e.Source ?? destination;
            return new InstructionForm(e.Operation, Mode(source), Mode(destination), IsPc(destination));
        }

        if (DoubleOperand.Contains(mnemonic) && operands.Length == 2)
        {
            return new InstructionForm(mnemonic, Mode(operands[0]), Mode(operands[1]), IsPc(operands[1]));
        }

        if (SingleOperand.Contains(mnemonic) && operands.Length <= 1)
        {
            return new InstructionForm(mnemonic, operands.Length == 0 ? OperandMode.None : Mode(operands[0]), OperandMode.None, false);
        }

        return null;
    }

    private static bool IsPc(string operand) => operand.Equals("PC", StringComparison.OrdinalIgnoreCase) || operand.Equals("R0", StringComparison.OrdinalIgnoreCase);

    private static OperandMode Mode(string operand)
    {
        if (operand.StartsWith("#", StringComparison.Ordinal))
        {
            var value = operand.Substring(1);
            return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                ? n switch
                {
                    0 => OperandMode.Constant0,
                    1 => OperandMode.Constant1,
                    2 or 4 or 8 or -1 => OperandMode.ConstantIndirect,
                    _ => OperandMode.Immediate,
                }
                : OperandMode.Immediate;
        }

        if (operand.StartsWith("@", StringComparison.Ordinal))
        {
            return operand.EndsWith("+", StringComparison.Ordinal) ? OperandMode.IndirectIncrement : OperandMode.Indirect;
        }

        var isRegister = operand.Length is 2 or 3 && (operand[0] is 'R' or 'r') && int.TryParse(operand.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r < 16;
        return isRegister || operand is "SP" or "SR" or "PC" ? OperandMode.Register : OperandMode.Indexed;
    }
}
