using UnIT.Calibration;
using Xunit;

namespace UnIT.Package.Tests;

/// <summary>
/// Calibration from code as the README shows it: a fresh consumer of the packed UnIT.Generators whose Program.cs is the
/// README's "Calibrating from code" block, beside the MNIST LeNet's weights and the samples the block reads. It must
/// build warning-free, run, and write a calibration file for its class that the generator can read.
/// </summary>
[Collection(RepositoryPackCollection.Name)]
public sealed class CalibrationConsumerTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private static readonly TimeSpan RestoreAndBuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public void The_readme_calibration_program_calibrates_its_network_against_the_package()
    {
        package.AssertPacked();
        var block = Assert.Single(
            MarkdownCodeBlocks.Read(Path.Combine(BuildSettings.RepositoryRoot, "README.md")),
            b => b is { Section: "Bring your own model", Language: "csharp" });
        var directory = Directory.CreateDirectory(Path.Combine(package.Root, "calibration", "consumer")).FullName;
        var packages = Path.Combine(package.Root, "calibration", "packages");
        File.Copy(Path.Combine(BuildSettings.RepositoryRoot, "global.json"), Path.Combine(directory, "global.json"));
        package.WriteNuGetConfig(directory, packages);
        var project = Path.Combine(directory, "Calibrating.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="UnIT.Generators" Version="{BuildSettings.PackageVersion}" />
                <UnitWeights Include="lenet.npz" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), block.Code);
        File.Copy(Path.Combine(BuildSettings.RepositoryRoot, "sample-apps", "Mnist", "models", "mnist-dense.npz"), Path.Combine(directory, "lenet.npz"));
        ReadmeCalibrationSamples.Write(directory);
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };

        var build = DotNet.Run(directory, RestoreAndBuildTimeout, environment, "build", project, "-c", "Release", "-nologo", "-tl:off");
        Assert.True(build.ExitCode == 0, $"README.md:{block.Line} does not build against the package. " + build.Describe());
        var run = DotNet.Run(directory, RunTimeout, environment, "run", "--project", project, "-c", "Release", "--no-build");
        Assert.True(run.ExitCode == 0, $"README.md:{block.Line} fails when run. " + run.Describe());
        Assert.Contains("cycles", run.Output, StringComparison.Ordinal);

        var written = Path.Combine(directory, "LeNet.calibration.txt");
        Assert.True(File.Exists(written), "the program wrote no LeNet.calibration.txt. " + run.Describe());
        Assert.True(CalibrationFile.TryParse(File.ReadAllText(written), out var data, out var problem), problem);
        Assert.Equal("LeNet", data!.Network);
        foreach (var layer in new[] { "conv1", "conv2", "fc1" })
        {
            Assert.NotNull(data.Layer(layer));
        }
    }
}
