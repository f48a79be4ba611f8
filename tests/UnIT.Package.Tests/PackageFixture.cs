using Xunit;

namespace UnIT.Package.Tests;

/// <summary>
/// Packs UnIT.Generators once per test run into a temporary local feed (`dotnet pack --no-build`: the test project
/// references src/UnIT.Package, so the build before the tests built everything the package collects).
/// </summary>
public sealed class PackageFixture : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(2);

    public PackageFixture()
    {
        Root = Directory.CreateTempSubdirectory("unit-package-").FullName;
        Feed = Path.Combine(Root, "feed");
        var project = Path.Combine(BuildSettings.RepositoryRoot, "src", "UnIT.Package", "UnIT.Package.csproj");
        Pack = DotNet.Run(BuildSettings.RepositoryRoot, PackTimeout, null,
            "pack", project, "-c", BuildSettings.Configuration, "--no-build", "-o", Feed, "-nologo", "-tl:off");
        PackagePath = Path.Combine(Feed, $"UnIT.Generators.{BuildSettings.PackageVersion}.nupkg");
    }

    /// <summary>The temporary directory that holds the feed and, under it, each test's own directories.</summary>
    public string Root { get; }

    /// <summary>The local feed: a folder holding the one .nupkg.</summary>
    public string Feed { get; }

    /// <summary>The `dotnet pack` run, for assertions and failure messages.</summary>
    public DotNetResult Pack { get; }

    public string PackagePath { get; }

    /// <summary>Fails the calling test, with the pack output, unless the pack succeeded.</summary>
    public void AssertPacked()
    {
        Assert.True(Pack.ExitCode == 0, "dotnet pack failed (build the solution in this configuration first). " + Pack.Describe());
        Assert.True(File.Exists(PackagePath), $"dotnet pack did not write {PackagePath}. " + Pack.Describe());
    }

    /// <summary>
    /// Writes <paramref name="directory"/>/NuGet.config for a consumer restoring into its own <paramref name="packages"/>
    /// folder: UnIT.Generators only ever from this fixture's feed, its dependencies from nuget.org.
    /// </summary>
    public void WriteNuGetConfig(string directory, string packages) =>
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <!-- UnIT.Generators only ever comes from the local feed; its dependencies from nuget.org. -->
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="UnIT.Generators" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is not worth failing the run for.
        }
    }
}
