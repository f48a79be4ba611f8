using Xunit;

namespace UnIT.Msp430.Tests;

/// <summary>
/// A test that needs clang-14, ld.lld-14 and mspdebug. It is skipped, with the missing packages as the reason, only
/// outside CI; under <c>CI=true</c> a missing tool fails the test, because <c>.ci/run</c> installs them.
/// </summary>
public sealed class Msp430FactAttribute : FactAttribute
{
    public Msp430FactAttribute()
    {
        if (Toolchain.Missing is { } missing && !IsContinuousIntegration)
        {
            Skip = missing;
        }
    }

    private static bool IsContinuousIntegration =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The toolchain the tests share, located once.</summary>
public static class Toolchain
{
    private static readonly Lazy<(Msp430Toolchain? Found, string? Missing)> Located = new(() =>
    {
        try
        {
            return (Msp430Toolchain.Locate(), null);
        }
        catch (Msp430ToolMissingException e)
        {
            return (null, e.Message);
        }
    });

    /// <summary>Why the toolchain is not usable, or null when it is.</summary>
    public static string? Missing => Located.Value.Missing;

    /// <summary>The located toolchain; throws the missing-tool error (a test failure) when it is not installed.</summary>
    public static Msp430Toolchain Tools => Located.Value.Found ?? Msp430Toolchain.Locate();

    /// <summary>Builds the test programs named in <paramref name="files"/> (under Programs/) for the simulator.</summary>
    public static Msp430Image BuildForSimulator(IReadOnlyList<string> roots, params string[] files)
    {
        var sources = files.Append("mpy.h")
            .Select(f => new CSource(f, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Programs", f))));
        return Tools.Build(sources, new Msp430BuildOptions
        {
            Roots = roots,
            Defines = new Dictionary<string, string> { ["UNIT_MPY_BASE"] = $"0x{Msp430MemoryMap.SimulatorMultiplierBase:X4}" },
            OutputDirectory = NewBuildFolder(),
        });
    }

    /// <summary>
    /// A fresh folder for one build's files under the test output, so test runs leave nothing in /tmp; its name has a
    /// space, so every test also checks that paths reach mspdebug quoted.
    /// </summary>
    public static string NewBuildFolder() => Path.Combine(AppContext.BaseDirectory, "msp430 builds", Guid.NewGuid().ToString("N"));
}
