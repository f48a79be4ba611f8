using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using UnIT.Costs;
using UnIT.Ledger;

namespace UnIT.Reporting;

/// <summary>
/// What one inference costs on an emulated MSP430, per layer and in total, from a ledger priced with a
/// <see cref="CostProfile"/>: rendered as a text table (Spectre.Console), Markdown or JSON.
/// </summary>
public sealed class CostReport
{
    private CostReport(string network, CostProfile profile, LedgerLayout layout, long inferences, IReadOnlyList<CostReportRow> rows, CostReportRow total)
    {
        Network = network;
        Profile = profile;
        Layout = layout;
        Inferences = inferences;
        Rows = rows;
        Total = total;
    }

    /// <summary>The network's name.</summary>
    public string Network { get; }

    /// <summary>The profile the ledger was priced with.</summary>
    public CostProfile Profile { get; }

    /// <summary>The ledger's layout.</summary>
    public LedgerLayout Layout { get; }

    /// <summary>How many inferences the ledger counted (rows are per inference).</summary>
    public long Inferences { get; }

    /// <summary>One row per layer.</summary>
    public IReadOnlyList<CostReportRow> Rows { get; }

    /// <summary>The totals.</summary>
    public CostReportRow Total { get; }

    /// <summary>Prices <paramref name="ledger"/> with <paramref name="profile"/> (default: the network's own profile).</summary>
    public static CostReport Create(InferenceLedger ledger, CostProfile? profile = null)
    {
        profile ??= CostProfile.For(ledger.Layout.Profile);
        if (ledger.Inferences == 0)
        {
            throw new InvalidOperationException("The ledger has counted no inference yet; run the network with it first.");
        }

        double perInference = ledger.Inferences;
        var rows = new List<CostReportRow>();
        var counts = ledger.Layers;
        for (var i = 0; i < ledger.Layout.Layers.Count; i++)
        {
            var layer = ledger.Layout.Layers[i];
            var c = counts[i];
            var cycles = profile.Cycles(c) / perInference;
            var macs = c.MacsPerformed / perInference;
            rows.Add(new CostReportRow(
                layer.Label,
                layer.Kind.ToString(),
                layer.DenseMacs > 0 ? layer.Implementation.ToString() : string.Empty,
                layer.DenseMacs,
                macs,
                layer.DenseMacs > 0 ? 100.0 * (1 - (macs / layer.DenseMacs)) : 0,
                c.ThresholdComparisons / perInference,
                c.Quotients / perInference,
                cycles,
                1000 * profile.Seconds(cycles),
                profile.Microjoules(cycles),
                layer.WeightFlashBytes,
                layer.ActivationRamBytes));
        }

        var dense = rows.Sum(r => r.DenseMacs);
        var performed = rows.Sum(r => r.MacsPerformed);
        var totalCycles = rows.Sum(r => r.Cycles);
        var total = new CostReportRow(
            "total", string.Empty, string.Empty, dense, performed, dense > 0 ? 100.0 * (1 - (performed / dense)) : 0,
            rows.Sum(r => r.Comparisons), rows.Sum(r => r.Divisions), totalCycles, 1000 * profile.Seconds(totalCycles),
            profile.Microjoules(totalCycles), rows.Sum(r => r.FlashBytes), rows.Count == 0 ? 0 : rows.Max(r => r.RamBytes));
        return new CostReport(ledger.Layout.NetworkName, profile, ledger.Layout, ledger.Inferences, rows, total);
    }

    private static readonly string[] Headers =
        ["layer", "kind", "kernel", "dense MACs", "MACs run", "skipped", "compares", "divisions", "cycles", "time", "energy", "flash B", "RAM B"];

    private static string[] Cells(CostReportRow r) =>
    [
        r.Label, r.Kind, r.Implementation, Count(r.DenseMacs), Count(r.MacsPerformed), r.DenseMacs > 0 ? Percent(r.SkippedPercent) : string.Empty,
        Count(r.Comparisons), Count(r.Divisions), Count(r.Cycles), Invariant($"{r.Milliseconds:0.000} ms"), Invariant($"{r.Microjoules:0.0} µJ"),
        Count(r.FlashBytes), Count(r.RamBytes),
    ];

    /// <summary>
    /// The assumptions behind the numbers, one sentence per line: what the title's profile name does not already say
    /// (the part, the format and the multiplier are in the title; the clock and wait states are said once, here).
    /// </summary>
    public IReadOnlyList<string> AssumptionLines =>
    [
        Invariant($"Division {Layout.Division}; {Profile.ClockHz / 1e6:0} MHz, {Profile.FramWaitStates} FRAM wait state at an assumed {Profile.FramCacheHitRate:P0} cache hit rate."),
        Invariant($"Energy {Profile.Energy.NanojoulesPerCycle:0.###} nJ/cycle ({Profile.Energy.Source})."),
        Invariant($"Per inference, averaged over {Inferences:N0}. Library-call prices are estimates (docs/cost-model.md)."),
    ];

    /// <summary>The assumptions as one paragraph (<see cref="AssumptionLines"/> joined).</summary>
    public string Assumptions => string.Join(" ", AssumptionLines);

    /// <summary>Renders the report as a plain-text table (no colours, no control codes).</summary>
    public string ToText()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        Write(console);
        return writer.ToString();
    }

    /// <summary>Writes the report to a Spectre.Console console.</summary>
    public void Write(IAnsiConsole console)
    {
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape($"{Network} on {Profile.DisplayName}")) };
        for (var i = 0; i < Headers.Length; i++)
        {
            var column = new TableColumn(Markup.Escape(Headers[i])).NoWrap();
            table.AddColumn(i < 3 ? column : column.RightAligned());
        }

        foreach (var row in Rows)
        {
            table.AddRow(Cells(row).Select(Markup.Escape).ToArray());
        }

        table.AddEmptyRow();
        table.AddRow(Cells(Total).Select(c => $"[bold]{Markup.Escape(c)}[/]").ToArray());
        console.Write(table);

        // Below the table, one sentence per line: a caption would wrap the paragraph at the table's width.
        foreach (var line in AssumptionLines)
        {
            console.WriteLine(line, Style.Plain);
        }
    }

    /// <summary>Renders the report as a Markdown table with a heading and the assumptions.</summary>
    public string ToMarkdown(int headingLevel = 3)
    {
        var builder = new StringBuilder();
        builder.Append('#', headingLevel).Append(' ').Append(Network).Append(" on ").AppendLine(Profile.DisplayName).AppendLine();
        builder.Append("| ").Append(string.Join(" | ", Headers)).AppendLine(" |");
        builder.Append('|').Append(string.Concat(Headers.Select((_, i) => i < 3 ? " --- |" : " ---: |"))).AppendLine();
        foreach (var row in Rows.Append(Total))
        {
            var cells = Cells(row);
            if (row == Total)
            {
                cells = cells.Select(c => c.Length == 0 ? c : $"**{c}**").ToArray();
            }

            builder.Append("| ").Append(string.Join(" | ", cells.Select(c => c.Replace("|", "\\|")))).AppendLine(" |");
        }

        return builder.AppendLine().AppendLine(Assumptions).ToString();
    }

    /// <summary>Renders the report as indented JSON (invariant numbers, camelCase names).</summary>
    public string ToJson()
    {
        var document = new
        {
            network = Network,
            profile = new { id = Profile.Id.ToString(), name = Profile.DisplayName, part = Profile.Part, clockHz = Profile.ClockHz, framWaitStates = Profile.FramWaitStates, framCacheHitRate = Profile.FramCacheHitRate, nanojoulesPerCycle = Profile.Energy.NanojoulesPerCycle, energySource = Profile.Energy.Source },
            format = Layout.Format.ToString(),
            division = Layout.Division.ToString(),
            inferences = Inferences,
            layers = Rows,
            total = Total,
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
