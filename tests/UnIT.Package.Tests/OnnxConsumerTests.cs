using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace UnIT.Package.Tests;

/// <summary>
/// A PyTorch model exported to ONNX, listed as <c>&lt;UnitWeights Include="lenet.onnx" /&gt;</c> and declared with what
/// <c>unit declare lenet.onnx</c> prints, builds through real MSBuild (task, generator) and computes what ONNX Runtime
/// computes; the runtime reads the same tensors from the embedded .onnx.
/// </summary>
public sealed class OnnxConsumerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly string _directory = Directory.CreateTempSubdirectory("unit-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_project_with_an_ONNX_UnitWeights_item_builds_and_matches_OnnxRuntime()
    {
        var model = Path.Combine(BuildSettings.RepositoryRoot, "tests", "fixtures", "onnx", "lenet.onnx");
        File.Copy(model, Path.Combine(_directory, "lenet.onnx"));
        var inRepo = Path.Combine(BuildSettings.RepositoryRoot, "src", "UnIT.Build.Tasks", "InRepo");
        File.WriteAllText(Path.Combine(_directory, "Directory.Build.props"), $"""<Project><Import Project="{Path.Combine(inRepo, "UnIT.InRepo.props")}" /></Project>""");
        File.WriteAllText(Path.Combine(_directory, "Directory.Build.targets"), $"""<Project><Import Project="{Path.Combine(inRepo, "UnIT.InRepo.targets")}" /></Project>""");
        File.Copy(Path.Combine(BuildSettings.RepositoryRoot, "global.json"), Path.Combine(_directory, "global.json"));
        var project = Path.Combine(_directory, "OnnxSample.csproj");
        File.WriteAllText(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <UnitWeights Include="lenet.onnx" />
              </ItemGroup>
            </Project>
            """);
        // Pasted from `unit declare lenet.onnx` (UnIT.Cli.Tests checks that this is what it prints).
        File.WriteAllText(Path.Combine(_directory, "Lenet.cs"), """
            using UnIT;

            namespace Consumer;

            [UnitNetwork("lenet.onnx", Input = "1x12x12")]
            [Conv2d("conv1", 4, Kernel = 3, Padding = 1)]
            [BatchNorm("bn1")]
            [ReLU]
            [MaxPool2d(2)]
            [Conv2d("conv2", 8, Kernel = 3)]
            [ReLU]
            [AvgPool2d(2)]
            [Flatten]
            [Dense("fc1", 10)]
            public static partial class Lenet;
            """);
        File.WriteAllText(Path.Combine(_directory, "Program.cs"), """
            using System.Globalization;
            using Consumer;
            using UnIT.NumPy;

            var input = Enumerable.Range(0, 144).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
            var output = new float[10];
            Lenet.Infer(input, output);
            Console.WriteLine("output: " + string.Join(" ", output.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            using var stream = Lenet.OpenWeightFile();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var embedded = WeightFile.Parse(copy.ToArray(), "lenet.onnx");
            Console.WriteLine("embedded: " + string.Join(", ", embedded.Tensors.Select(t => t.Name)));
            """);

        var build = DotNet.Run(_directory, Timeout, null,
            "build", project, "-c", BuildSettings.Configuration, "-nologo", "-tl:off", "-v:n", "-p:BuildProjectReferences=false");
        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.Contains("UnIT: converted weight file 'lenet.onnx'", build.Output, StringComparison.Ordinal);
        var run = DotNet.Run(_directory, Timeout, null, "run", "--project", project, "-c", BuildSettings.Configuration, "--no-build");
        Assert.True(run.ExitCode == 0, run.Describe());

        var lines = TinyNetwork.Lines(run.Output);
        var actual = lines.Single(l => l.StartsWith("output: ", StringComparison.Ordinal))["output: ".Length..]
            .Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var expected = OnnxRuntimeOutput(model, Enumerable.Range(0, 144).Select(i => (float)Math.Sin(i * 0.37)).ToArray());
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * scale, $"output {i}: UnIT {actual[i]:R}, ONNX Runtime {expected[i]:R}");
        }

        Assert.Contains("embedded: conv1.weight, conv1.bias, bn1.weight, bn1.bias, bn1.running_mean, bn1.running_var, conv2.weight, conv2.bias, fc1.weight, fc1.bias", lines);
    }

    private static float[] OnnxRuntimeOutput(string model, float[] input)
    {
        using var session = new InferenceSession(model);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 1, 12, 12]);
        using var outputs = session.Run(new RunOptions(), [session.InputNames[0]], [value], session.OutputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
