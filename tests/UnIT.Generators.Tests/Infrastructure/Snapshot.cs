using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace UnIT.Generators.Tests.Infrastructure;

/// <summary>
/// Checked-in snapshots of generated source without a snapshot library, named like Verify:
/// <c>Snapshots/{Class}.{Method}#{Hint}.verified.cs</c>. The whole set of files a test produces is compared: a missing,
/// changed or stale file fails. On a mismatch the actual output is written next to it as <c>*.received.cs</c> (ignored
/// by git). To accept new output, run the tests once with <c>UNIT_ACCEPT_SNAPSHOTS=1</c> (never set in CI): that writes
/// the verified files and deletes stale ones. The generator version is scrubbed so a version bump does not churn them.
/// The folder is found from the repository root, not from the caller's file path: CI builds map source paths to
/// <c>/_/</c> (ContinuousIntegrationBuild), so <c>[CallerFilePath]</c> is only good for the test class's name.
/// </summary>
public static partial class Snapshot
{
    public static void Verify(IEnumerable<(string HintName, string Source)> files, [CallerFilePath] string callerFile = "", [CallerMemberName] string method = "")
    {
        var directory = RepositoryFiles.PathOf(Path.Combine("tests", "UnIT.Generators.Tests", "Snapshots"));
        Directory.CreateDirectory(directory);
        var className = Path.GetFileNameWithoutExtension(callerFile);
        var prefix = $"{className}.{method}#";
        var accept = Environment.GetEnvironmentVariable("UNIT_ACCEPT_SNAPSHOTS") == "1";

        var expectedNames = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var (hint, source) in files)
        {
            var name = prefix + hint.Replace(".g.cs", string.Empty) + ".verified.cs";
            expectedNames.Add(name);
            var path = Path.Combine(directory, name);
            var actual = Scrub(source);
            var received = Path.ChangeExtension(path, null).Replace(".verified", ".received") + ".cs";
            if (accept)
            {
                File.WriteAllText(path, actual);
                File.Delete(received);
                continue;
            }

            if (!File.Exists(path))
            {
                File.WriteAllText(received, actual);
                failures.Add($"{name} does not exist yet; review {Path.GetFileName(received)} and accept with UNIT_ACCEPT_SNAPSHOTS=1");
                continue;
            }

            var verified = File.ReadAllText(path).ReplaceLineEndings("\n");
            if (verified != actual)
            {
                File.WriteAllText(received, actual);
                failures.Add($"{name} differs from the generated source (first difference at line {FirstDifference(verified, actual)}); see {Path.GetFileName(received)}");
            }
            else
            {
                File.Delete(received);
            }
        }

        foreach (var stale in Directory.GetFiles(directory, prefix + "*.verified.cs").Select(Path.GetFileName).Where(n => !expectedNames.Contains(n!)))
        {
            if (accept)
            {
                File.Delete(Path.Combine(directory, stale!));
            }
            else
            {
                failures.Add($"{stale} is stale: the generator no longer produces it (accept to delete it)");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Scrub(string source) =>
        GeneratedCodeVersion().Replace(source.ReplaceLineEndings("\n"), "GeneratedCode(\"UnIT.Generators\", \"{version}\")");

    private static int FirstDifference(string a, string b)
    {
        var left = a.Split('\n');
        var right = b.Split('\n');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            if (left[i] != right[i])
            {
                return i + 1;
            }
        }

        return Math.Min(left.Length, right.Length) + 1;
    }

    [GeneratedRegex("GeneratedCode\\(\"UnIT\\.Generators\", \"[^\"]+\"\\)")]
    private static partial Regex GeneratedCodeVersion();
}
