using System.Globalization;
using System.Text;
using UnIT.Costs;

namespace UnIT.Reporting;

/// <summary>
/// Renders a cost profile as Markdown: every event, its price, and the instruction sequence the price is the sum of.
/// <c>docs/cost-model-tables.md</c> is this output, checked by a test so the document cannot drift from the code.
/// </summary>
public static class CostProfileDocument
{
    /// <summary>The Markdown section of one profile.</summary>
    public static string ToMarkdown(CostProfile profile)
    {
        var builder = new StringBuilder();
        builder.Append("## ").AppendLine(profile.DisplayName).AppendLine();
        builder.AppendLine(Invariant($"{profile.Part}. Format {profile.Format}; {profile.ClockHz / 1e6:0} MHz; {profile.FramWaitStates} FRAM wait state; "))
            .AppendLine(Invariant($"assumed FRAM cache hit rate {profile.FramCacheHitRate:0.00} (estimate); energy {profile.Energy.NanojoulesPerCycle:0.###} nJ/cycle: {profile.Energy.Source}."))
            .AppendLine()
            .AppendLine("Effective cycles = cycles + (code words + FRAM data words) x wait states x (1 - hit rate). `~` marks an estimate. ")
            .AppendLine("The same sequence priced by mspdebug 0.22's simulator rules (used only to check the model against the simulator; cost-model.md) and its instruction count follow.")
            .AppendLine()
            .AppendLine("| event | what | cycles | words | effective | mspdebug 0.22 | instructions | sequence |")
            .AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var cost in profile.Events)
        {
            var sequence = string.Join("; ", cost.Sequence.Select(i => Invariant($"{(i.IsEstimate ? "~" : string.Empty)}`{Cell(i.Text)}` {i.Cycles}")));
            builder.AppendLine(Invariant(
                $"| {cost.Event} | {Cell(cost.Description)} | {(cost.IsEstimate ? "~" : string.Empty)}{cost.Cycles} | {cost.Words + cost.FramDataWords} | {profile.CyclesPer(cost.Event):0.##} | {MspdebugTiming.Cycles(cost)} | {MspdebugTiming.Instructions(cost)} | {sequence} |"));
        }

        return builder.ToString();
    }

    /// <summary>The whole document: every built-in profile.</summary>
    public static string AllProfiles() =>
        "# Cost-model tables (generated)\n\n"
        + "Generated from `src/UnIT.Core/Costs/Msp430Profiles.cs` by `CostProfileDocument.AllProfiles()`; a test keeps this file in sync.\n"
        + "The reasoning behind these numbers is in [cost-model.md](cost-model.md).\n\n"
        + string.Join("\n", Msp430Profiles.All.Select(ToMarkdown));

    private static string Cell(string text) => text.Replace("|", "\\|");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
