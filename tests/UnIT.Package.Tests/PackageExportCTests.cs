using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using UnIT.Msp430;
using Xunit;

namespace UnIT.Package.Tests;

/// <summary>
/// <c>&lt;UnitExportC&gt;true&lt;/UnitExportC&gt;</c> in a consumer of the packed package: the package's exporter
/// (tools/export-c/) writes the MSP430 C of the project's Q15 networks after the build, byte for byte what
/// <see cref="BuiltNetworkExport"/> (and so <c>unit export-c</c>) gives for the built class, incrementally, and reports
/// a problem as one error.
/// </summary>
public sealed partial class PackageTests
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    [Fact]
    public void UnitExportC_writes_the_C_of_the_Q15_networks_after_the_build_and_nothing_without_it()
    {
        package.AssertPacked();
        var consumer = Consumer.Create(package, "exportc");
        // TinyNetwork's Tiny computes in Float32, which the C backend does not write: it is skipped, TinyQ15 is written.
        File.WriteAllText(Path.Combine(consumer.Directory, "TinyQ15.cs"), """
            using UnIT;

            namespace Consumer;

            [UnitNetwork("tiny.npz", Input = "4", Format = NumberFormat.Q15)]
            [Dense("fc1", 3)]
            [ReLU]
            [Dense("fc2", 2)]
            public static partial class TinyQ15;
            """);

        // 1. Without the switch the build writes no C.
        var plain = consumer.Build(RestoreAndBuildTimeout, restore: true);
        Assert.True(plain.ExitCode == 0, plain.Describe());
        Assert.Empty(CFiles(consumer.Directory));

        // 2. With it: <Class>.h/.c in $(OutDir)msp430/, as BuiltNetworkExport spells the built class (UTF-8, no BOM).
        var exported = consumer.Build(BuildTimeout, restore: false, "UnitExportC=true");
        Assert.True(exported.ExitCode == 0, exported.Describe());
        Assert.Contains("UnIT: Consumer.Tiny computes in Float32; the C export writes Q15 networks only, so it is skipped.", exported.Output, StringComparison.Ordinal);
        var folder = Path.Combine(consumer.Directory, "bin", "Release", "net10.0", "msp430");
        Assert.Equal(["TinyQ15.c", "TinyQ15.h"], CFiles(consumer.Directory).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal));
        var built = BuiltAssembly.Load(new FileInfo(Path.Combine(consumer.Directory, "bin", "Release", "net10.0", "Consumer.dll")));
        var expected = BuiltNetworkExport.Export(BuiltAssembly.Class(built, "TinyQ15"));
        Assert.Equal(Utf8.GetBytes(expected.Header), File.ReadAllBytes(Path.Combine(folder, expected.HeaderName)));
        Assert.Equal(Utf8.GetBytes(expected.Source), File.ReadAllBytes(Path.Combine(folder, expected.SourceName)));
        AssertCompilesForMsp430(folder, expected.SourceName);

        // 3. Nothing changed: skipped. A written file deleted: written again.
        var again = consumer.Build(BuildTimeout, restore: false, "UnitExportC=true");
        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.True(again.Output.Contains("Skipping target \"UnitExportC\"", StringComparison.Ordinal), "the export ran again. " + again.Describe());
        File.Delete(Path.Combine(folder, expected.HeaderName));
        var restored = consumer.Build(BuildTimeout, restore: false, "UnitExportC=true");
        Assert.True(restored.ExitCode == 0, restored.Describe());
        Assert.Equal(Utf8.GetBytes(expected.Header), File.ReadAllBytes(Path.Combine(folder, expected.HeaderName)));

        // 4. A folder relative to the project and a class list (escaped ';', as a command line must; one class twice).
        var chosen = consumer.Build(BuildTimeout, restore: false, "UnitExportC=true", "UnitExportCDirectory=firmware/", "UnitExportCClasses=Consumer.TinyQ15%3BTinyQ15");
        Assert.True(chosen.ExitCode == 0, chosen.Describe());
        Assert.Equal(Utf8.GetBytes(expected.Source), File.ReadAllBytes(Path.Combine(consumer.Directory, "firmware", expected.SourceName)));
        Assert.Single(TinyNetwork.Lines(chosen.Output), l => l.StartsWith("UnIT: exported Consumer.TinyQ15 as C: ", StringComparison.Ordinal));

        // 5. A class that is not there: one error at the project, UNITB005, naming it and the classes there are.
        var missing = consumer.Build(BuildTimeout, restore: false, "UnitExportC=true", "UnitExportCClasses=Missing");
        Assert.True(missing.ExitCode != 0, missing.Describe());
        // (The console logger prints an error where it happens, prefixed with the node, "1>", and again in the summary.)
        var errors = TinyNetwork.Lines(missing.Output).Select(l => NodePrefix().Replace(l, string.Empty))
            .Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().ToArray();
        var error = Assert.Single(errors);
        Assert.StartsWith($"{consumer.ProjectPath} : error UNITB005: UnitExportC: UnitExportCClasses: Consumer.dll has no class 'Missing'", error, StringComparison.Ordinal);
        Assert.Contains("(it has Consumer.Tiny, Consumer.TinyQ15)", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d+>")]
    private static partial Regex NodePrefix();

    private static string[] CFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".h", StringComparison.Ordinal))];

    /// <summary>The written C compiles for the MSP430 without a warning, when clang-14 is installed (it is on CI).</summary>
    private static void AssertCompilesForMsp430(string folder, string source)
    {
        var clang = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "clang-14")).FirstOrDefault(File.Exists);
        if (clang is null)
        {
            return;
        }

        var start = new ProcessStartInfo(clang) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--target=msp430", "-fsyntax-only", "-ffreestanding", "-Wall", "-Wextra", "-Werror", source })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errorOutput = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"clang-14 rejects {source}: {errorOutput.Result}{output}");
    }
}
