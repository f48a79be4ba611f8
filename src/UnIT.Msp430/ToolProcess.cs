using System.Diagnostics;

namespace UnIT.Msp430;

/// <summary>What a finished tool process left behind.</summary>
internal sealed record ToolOutput(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs one external tool with arguments (never through a shell) and a wall-clock limit.</summary>
internal static class ToolProcess
{
    public static ToolOutput Run(string executable, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new Msp430ToolException($"Could not start {executable}.");

        // An interactive tool reading stdin must see end of input instead of waiting for a user.
        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new Msp430ToolException(
                $"{Path.GetFileName(executable)} did not finish within {timeout.TotalSeconds:0.#} s and was stopped. "
                + $"Last output: {Tail(standardOutput.Result)}{Tail(standardError.Result)}");
        }

        process.WaitForExit();
        return new ToolOutput(process.ExitCode, standardOutput.Result, standardError.Result);
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];
}
