using System.Globalization;
using System.Text.Json;
using UnIT.Costs;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.Reporting;
using Xunit;

namespace UnIT.Runtime.Tests;

public class CostReportTests
{
    private static (ReferenceInterpreter Interpreter, Ledger.InferenceLedger Ledger) RunConvnet(int samples = 3)
    {
        var options = new NetworkOptions { Format = NumberFormat.Q15, DefaultThreshold = 0.02f, InputRange = 4f, Division = DivisionApproximation.ReciprocalLut };
        var interpreter = new ReferenceInterpreter(TorchFixtures.Prepare("convnet2d", options, s => s with { OutputRange = 8f }));
        var ledger = interpreter.CreateLedger();
        var (inputs, _) = TorchFixtures.InputsAndOutputs("convnet2d");
        foreach (var input in inputs.Take(samples))
        {
            interpreter.Run(input, ledger);
        }

        return (interpreter, ledger);
    }

    [Fact]
    public void Rows_are_per_inference_and_totals_add_up()
    {
        var (_, ledger) = RunConvnet();
        var profile = CostProfile.For(TargetProfile.Msp430FR5994);
        var report = CostReport.Create(ledger, profile);

        Assert.Equal(3, report.Inferences);
        Assert.Equal(ledger.Layout.Layers.Count, report.Rows.Count);
        Assert.Equal(profile.Cycles(ledger.Total) / 3, report.Total.Cycles, 6);
        Assert.Equal(report.Rows.Sum(r => r.Cycles), report.Total.Cycles, 6);
        Assert.Equal(ledger.Total.MacsPerformed / 3.0, report.Total.MacsPerformed, 6);
        Assert.Equal(1000 * report.Total.Cycles / 16e6, report.Total.Milliseconds, 9);
        Assert.Equal(report.Total.Cycles * 0.354 / 1000, report.Total.Microjoules, 9);

        var conv1 = report.Rows.Single(r => r.Label == "conv1");
        Assert.Equal(4 * 12 * 12 * 9, conv1.DenseMacs);
        Assert.Equal(100 * (1 - (conv1.MacsPerformed / conv1.DenseMacs)), conv1.SkippedPercent, 9);
        Assert.True(conv1.FlashBytes > 0 && conv1.RamBytes > 0);
        Assert.Equal(report.Rows.Max(r => r.RamBytes), report.Total.RamBytes);
    }

    [Fact]
    public void Text_markdown_and_json_carry_the_same_numbers()
    {
        var (_, ledger) = RunConvnet();
        var report = CostReport.Create(ledger);
        var cycles = report.Total.Cycles.ToString("N0", CultureInfo.InvariantCulture);

        var text = report.ToText();
        Assert.Contains("conv2", text);
        Assert.Contains(cycles, text);
        Assert.DoesNotContain("\u001b[", text); // no terminal control codes

        var markdown = report.ToMarkdown();
        Assert.Contains("| layer | kind | kernel |", markdown);
        Assert.Contains($"**{cycles}**", markdown);
        Assert.Contains("estimate", markdown);

        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(report.Total.Cycles, json.RootElement.GetProperty("total").GetProperty("cycles").GetDouble(), 6);
        Assert.Equal(report.Rows.Count, json.RootElement.GetProperty("layers").GetArrayLength());
        Assert.Equal("Msp430FR5994", json.RootElement.GetProperty("profile").GetProperty("id").GetString());
    }

    [Fact]
    public void The_same_ledger_prices_differently_on_each_profile()
    {
        var (_, ledger) = RunConvnet(1);
        var cycles = Msp430Profiles.All.Select(p => CostReport.Create(ledger, p).Total.Cycles).ToArray();
        Assert.Equal(cycles.Length, cycles.Distinct().Count());
        Assert.True(cycles[2] > cycles[0], "no multiplier must cost more than MPY32");
    }

    [Fact]
    public void An_empty_ledger_cannot_be_reported()
    {
        var (interpreter, _) = RunConvnet(1);
        Assert.Throws<InvalidOperationException>(() => CostReport.Create(interpreter.CreateLedger()));
    }
}
