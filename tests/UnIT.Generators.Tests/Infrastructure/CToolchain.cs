using System.Diagnostics;

namespace UnIT.Generators.Tests.Infrastructure;

/// <summary>Runs the Debian LLVM 14 tools the C export is checked with (clang-14 for MSP430 and the host, llvm-nm-14).</summary>
internal static class CToolchain
{
    /// <summary>Flags every C export must compile cleanly under.</summary>
    public static readonly string[] WarningFlags = ["-std=c99", "-O2", "-Wall", "-Wextra", "-Werror"];

    /// <summary>Runs a tool and returns its standard output; fails with its output when it exits non-zero.</summary>
    public static string Run(string tool, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(" ", start.ArgumentList)} exited with {process.ExitCode}:\n{error}\n{output.Result}");
        }

        return output.Result + error;
    }
}
