using Xunit;
using UnIT.Analyzers.Tests.Infrastructure;
using UnIT.NumPy;

namespace UnIT.Analyzers.Tests;

/// <summary>
/// The analyzers on the real MNIST sample: its attribute declarations (written from the calibration files), its weight
/// files converted as the build converts them, and its calibration files. Settings a user took from calibration must
/// not be flagged.
/// </summary>
public sealed class MnistSampleTests
{
    [Fact]
    public async Task The_sample_classes_with_their_calibrated_settings_get_no_diagnostic()
    {
        var sample = RepositoryFiles.PathOf("sample-apps/Mnist");
        var models = Path.Combine(sample, "models");
        var weights = Directory.GetFiles(models, "*.npz").Select(path =>
        {
            var name = Path.GetFileName(path);
            return new TestAdditionalText($"/obj/unit/{WeightFileText.TextFileName(name)}", WeightFileText.Encode(File.ReadAllBytes(path), name, "models/" + name, path));
        });
        var calibrations = Directory.GetFiles(models, "*.calibration.txt").Select(path => new TestAdditionalText(path, File.ReadAllText(path))).ToArray();
        var source = await File.ReadAllTextAsync(Path.Combine(sample, "Networks.cs"));
        Assert.True(calibrations.Length >= 30, $"expected the sample's calibration files, found {calibrations.Length}");

        // UNIT007 (info) is the one rule that is expected here: the sample forces Gather, Sorted and Bucketed on purpose,
        // one class each, to compare them, so the forced ones the planner would not choose are reported (its
        // .editorconfig turns UNIT007 off for that reason). Every setting taken from calibration must pass.
        var all = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compilation(source, Path.Combine(sample, "Networks.cs")), [.. weights, .. calibrations]);
        Assert.Contains(all, d => d.Id == "UNIT007");
        var diagnostics = all.Where(d => d.Id != "UNIT007").ToArray();

        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan().StartLinePosition}: {AnalyzerHarness.Message(d)}")));

        // The same files do reach the analyzer: one θ moved away from its calibrated value is reported.
        var calibrated = System.Text.RegularExpressions.Regex.Match(source, @"\[ReLU\(ActivationThreshold = (?<theta>0\.[0-9]*[1-9][0-9]*|[1-9][0-9.]*)f\)\]");
        Assert.True(calibrated.Success, "the sample has no class with a calibrated θ above 0 to change");
        var moved = float.Parse(calibrated.Groups["theta"].Value, System.Globalization.CultureInfo.InvariantCulture) * 0.75f;
        var edited = string.Concat(source.AsSpan(0, calibrated.Index), FormattableString.Invariant($"[ReLU(ActivationThreshold = {moved:R}f)]"), source.AsSpan(calibrated.Index + calibrated.Length));
        var flagged = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compilation(edited, Path.Combine(sample, "Networks.cs")), [.. weights, .. calibrations]);
        Assert.Equal("UNIT008", Assert.Single(flagged, d => d.Id != "UNIT007").Id);
    }
}
