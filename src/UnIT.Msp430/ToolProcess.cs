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

        // The pipes are drained on threads of their own, not the thread pool's: tests run many tools at once while their
        // threads block in WaitForExit, and a starved pool can leave a tool blocked on a full pipe until its time runs
        // out (a CI run saw mspdebug stopped mid-dump after 60 s, for a run that takes 1.5 s).
        var standardOutput = new DrainedStream(process.StandardOutput);
        var standardError = new DrainedStream(process.StandardError);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new Msp430ToolException(
                $"{Path.GetFileName(executable)} did not finish within {timeout.TotalSeconds:0.#} s and was stopped. "
                + $"Last output: {Tail(standardOutput.Text)}{Tail(standardError.Text)}");
        }

        process.WaitForExit();
        return new ToolOutput(process.ExitCode, standardOutput.Text, standardError.Text);
    }

    /// <summary>A stream read to its end on a dedicated background thread; <see cref="Text"/> waits for the end.</summary>
    private sealed class DrainedStream
    {
        private readonly Thread _reading;
        private string _text = string.Empty;

        public DrainedStream(StreamReader reader)
        {
            _reading = new Thread(() =>
            {
                try
                {
                    _text = reader.ReadToEnd();
                }
                catch (Exception problem) when (problem is IOException or ObjectDisposedException)
                {
                    // The process was stopped mid-write; the caller reports the stop.
                }
            })
            { IsBackground = true, Name = "tool output" };
            _reading.Start();
        }

        public string Text
        {
            get
            {
                _reading.Join();
                return _text;
            }
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];
}
