using UnIT.Costs;
using Xunit;

namespace UnIT.Core.Tests.Costs;

/// <summary>mspdebug 0.22's timing rules (drivers/sim.c), the second price table used to check sequences against the simulator.</summary>
public class MspdebugTimingTests
{
    [Theory]
    [InlineData("MOV R12,R13", 1)]
    [InlineData("MOV @R4+,R12", 2)]
    [InlineData("MOV #300,R12", 2)]
    [InlineData("MOV #0,R12", 1)]
    [InlineData("MOV #1,R12", 3)] // R3 in indexed mode: charged like an indexed source (0.22 predates the fix)
    [InlineData("INC R12", 3)]
    [InlineData("INCD R12", 2)]
    [InlineData("TST R12", 1)]
    [InlineData("MOV x(R4),R12", 3)]
    [InlineData("MOV R12,x(R4)", 4)]
    [InlineData("MOV &a,&MACS", 6)]
    [InlineData("ADD R12,&sink", 4)]
    [InlineData("ADD R14,PC", 2)]
    [InlineData("MOV x(R4),PC", 3)]
    [InlineData("RET", 3)]
    [InlineData("PUSH R10", 3)]
    [InlineData("PUSH @R4+", 5)]
    [InlineData("CALL #f", 5)]
    [InlineData("RRA R12", 1)]
    [InlineData("SWPB x(R4)", 4)]
    [InlineData("JNE loop", 2)]
    [InlineData("MOV.B x(R11),R10", 3)]
    public void Prices_each_form_by_the_simulator_rules(string text, int cycles) =>
        Assert.Equal(cycles, MspdebugTiming.Cycles(Instruction.Op(text, 0, 0)));

    [Fact]
    public void A_counting_loop_costs_what_the_simulator_measured()
    {
        // docs/msp430-c.md: add r12, &sink; inc r12; cmp r12, r10; jne: 10 MCLK per iteration in the simulator, 8 by TI's table.
        string[] loop = ["ADD R12,&sink", "INC R12", "CMP R12,R10", "JNE loop"];
        Assert.Equal(10, loop.Sum(t => MspdebugTiming.Cycles(Instruction.Op(t, 0, 0))));
    }

    [Fact]
    public void Every_table_priced_instruction_of_every_profile_has_a_form()
    {
        foreach (var profile in Msp430Profiles.All)
        {
            foreach (var cost in profile.Events)
            {
                foreach (var instruction in cost.Sequence.Where(i => !i.IsEstimate))
                {
                    Assert.True(InstructionForm.Parse(instruction.Text) is not null, $"{profile.Id} {cost.Event}: '{instruction.Text}' is not one instruction");
                }
            }
        }
    }

    [Fact]
    public void Words_follow_the_operands()
    {
        Assert.Equal(3, InstructionForm.Parse("MOV #w,&OP2")!.Words);
        Assert.Equal(1, InstructionForm.Parse("MOV #1,R12")!.Words);
        Assert.Equal(2, InstructionForm.Parse("MOV x(R4),R12")!.Words);
    }

    [Fact]
    public void A_ledger_row_counts_instructions_and_simulator_cycles()
    {
        var profile = CostProfile.For(TargetProfile.Msp430FR5994);
        var counts = default(EventCounts);
        counts.ReluTest = 10;
        Assert.Equal(10L * profile[CostEvent.ReluTest].Sequence.Count, MspdebugTiming.Instructions(profile, counts));
        Assert.Equal(10L * profile[CostEvent.ReluTest].Sequence.Sum(MspdebugTiming.Cycles), MspdebugTiming.Cycles(profile, counts));
    }
}
