using Xunit;

namespace UnIT.Msp430.Tests;

/// <summary>Failures say which tool failed and why, in the tool's own words.</summary>
public sealed class ErrorTests
{
    [Fact]
    public void A_missing_tool_names_its_debian_package()
    {
        var empty = Directory.CreateTempSubdirectory("unit-no-tools-").FullName;

        var error = Assert.Throws<Msp430ToolMissingException>(() => Msp430Toolchain.Locate(empty));

        Assert.Contains("clang-14 (Debian package clang-14)", error.Message, StringComparison.Ordinal);
        Assert.Contains("ld.lld-14 (Debian package lld-14)", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install clang-14 lld-14 mspdebug", error.Message, StringComparison.Ordinal);
    }

    [Msp430Fact]
    public void A_compile_error_carries_clangs_diagnostic()
    {
        var error = Assert.Throws<Msp430ToolException>(() => Build("broken.c", "int broken(void) { return undeclared_name; }\n"));

        Assert.Contains("could not compile broken.c", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken.c:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("undeclared_name", error.Message, StringComparison.Ordinal);
    }

    [Msp430Fact]
    public void A_warning_fails_the_build()
    {
        var error = Assert.Throws<Msp430ToolException>(() => Build("warn.c", "int warn(int unused_argument) { return 0; }\n"));

        Assert.Contains("-Wunused-parameter", error.Message, StringComparison.Ordinal);
    }

    [Msp430Fact]
    public void A_libcall_fails_the_link_with_a_hint()
    {
        // A 32-bit product without the memory-mapped multiplier becomes a call to the runtime's __mspabi_mpyl.
        var error = Assert.Throws<Msp430ToolException>(() => Build("libcall.c", "long product(long a, long b) { return a * b; }\n"));

        Assert.Contains("__mspabi_mpyl", error.Message, StringComparison.Ordinal);
        Assert.Contains("libcall", error.Message, StringComparison.Ordinal);
    }

    [Msp430Fact]
    public void A_run_that_misses_a_stop_says_where_it_stopped()
    {
        var image = Toolchain.BuildForSimulator(["loop_entry"], "loop.c");
        var run = new SimulatorRun { Entry = "loop_entry", Arguments = [2], Stops = ["loop_end", "loop_begin"] };

        var error = Assert.Throws<Msp430ToolException>(() => new SimulatorSession(Toolchain.Tools, image).Run(run));

        Assert.Contains("stopped at loop_begin", error.Message, StringComparison.Ordinal);
        Assert.Contains("stop 1 (loop_end)", error.Message, StringComparison.Ordinal);
    }

    [Msp430Fact]
    public void A_run_that_never_returns_is_stopped_at_the_timeout()
    {
        var image = Toolchain.Tools.Build(
            [new CSource("spin.c", "void spin(void) { for (;;) { __asm__ volatile(\"\"); } }\n")],
            new Msp430BuildOptions { Roots = ["spin"], OutputDirectory = Toolchain.NewBuildFolder() });

        var error = Assert.Throws<Msp430ToolException>(
            () => new SimulatorSession(Toolchain.Tools, image, TimeSpan.FromSeconds(1)).Run(new SimulatorRun { Entry = "spin" }));

        Assert.Contains("did not finish within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Msp430Fact]
    public void An_unknown_symbol_is_named()
    {
        var image = Toolchain.BuildForSimulator(["loop_entry"], "loop.c");

        var error = Assert.Throws<Msp430ToolException>(
            () => new SimulatorSession(Toolchain.Tools, image).Run(new SimulatorRun { Entry = "no_such_function" }));

        Assert.Contains("no symbol 'no_such_function'", error.Message, StringComparison.Ordinal);
    }

    [Msp430Fact]
    public void An_image_that_does_not_fit_below_64_kb_is_its_own_error()
    {
        // 50,000 bytes of constants: more than the 48 KB of low FRAM the simulator's memory map offers.
        var source = "#include <stdint.h>\nstatic const uint8_t table[50000] = { 1 };\nuint8_t read(uint16_t i) { return table[i]; }\n";
        var error = Assert.Throws<Msp430ImageTooLargeException>(
            () => Toolchain.Tools.Build([new CSource("large.c", source)], new Msp430BuildOptions { Roots = ["read"], OutputDirectory = Toolchain.NewBuildFolder() }));

        Assert.Contains("will not fit in region 'FRAM'", error.Message, StringComparison.Ordinal);
    }

    private static Msp430Image Build(string fileName, string text) =>
        Toolchain.Tools.Build([new CSource(fileName, text)], new Msp430BuildOptions { OutputDirectory = Toolchain.NewBuildFolder() });
}
