using Spectre.Console;
using UnIT.Calibration;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Training.Pruning;

namespace UnIT.Cli.Tests;

public sealed class CliTests
{
    private static (IAnsiConsole Console, StringWriter Output) TestConsole()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return (console, output);
    }

    private static System.CommandLine.ParseResult Parse(params string[] args) => CliApp.CreateRoot(TestConsole().Console).Parse(args);

    [Fact]
    public void Calibrate_defaults_are_the_paper_network_on_the_mpy32_part_with_a_half_point_budget()
    {
        var result = Parse("calibrate", "--weights", "m.npz");
        Assert.Empty(result.Errors);
        var settings = CalibrateCommand.Read(result);
        Assert.Equal("Mnist", settings.Definition.Name);
        Assert.Equal(NumberFormat.Q15, settings.Definition.Options.Format);
        Assert.Equal(TargetProfile.Msp430FR5994, settings.Definition.Options.Profile);
        Assert.Equal(DivisionApproximation.ReciprocalLut, settings.Definition.Options.Division);
        Assert.Equal(0.5, settings.Options.AccuracyBudgetPoints);
        Assert.Equal(0.2, settings.Options.ActivationBudgetPoints);
        Assert.True(settings.Options.SearchActivationThresholds);
        Assert.Equal(1000, settings.Samples);
        Assert.Equal("Mnist.calibration.txt", settings.OutputPath);
        Assert.Equal(["conv1", "conv2", "fc1"], settings.Definition.Layers.OfType<PrunableLayer>().Select(l => l.Name));
        var shapes = NetworkShapes.Infer(settings.Definition);
        var macs = settings.Definition.Layers.Select((l, i) => l is PrunableLayer p ? NetworkShapes.Geometry(p, shapes[i].Input).DenseMacs : 0).Sum();
        Assert.Equal(242_560, macs); // the paper's count
    }

    [Fact]
    public void Calibrate_reads_every_option()
    {
        var result = Parse("calibrate", "-w", "p.npz", "--name", "MnistPrunedSoft", "--profile", "Msp430FR5994SoftFloat", "--division", "FloatBits",
            "--budget", "1.5", "--theta-budget", "0.1", "--samples", "500", "--group-size", "conv1=6", "--group-size", "conv2=8",
            "--implementation", "Gather", "--pricing-samples", "0", "--threads", "1", "--search-loss", "FlippedDigits", "-o", "out.txt");
        Assert.Empty(result.Errors);
        var settings = CalibrateCommand.Read(result);
        Assert.Equal("MnistPrunedSoft", settings.Definition.Name);
        Assert.Equal("MnistPrunedSoft", settings.Options.NetworkName);
        Assert.Equal(NumberFormat.Float32, settings.Definition.Options.Format); // the soft-float profile computes in Float32
        Assert.Equal(DivisionApproximation.FloatBits, settings.Definition.Options.Division);
        Assert.Equal(1.5, settings.Options.AccuracyBudgetPoints);
        Assert.Equal(0.1, settings.Options.ActivationBudgetPoints);
        Assert.Equal(SearchLoss.FlippedDigits, settings.Options.SearchLoss);
        Assert.Equal(500, settings.Samples);
        Assert.Equal(6, settings.Options.GroupSizes["conv1"]);
        Assert.Equal(8, settings.Options.GroupSizes["conv2"]);
        Assert.Equal(KernelImplementation.Gather, settings.Options.Implementation);
        Assert.Equal(0, settings.Options.PricingSamples);
        Assert.Equal(1, settings.Options.MaxDegreeOfParallelism);
        Assert.EndsWith("out.txt", settings.OutputPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train", "-o", "d.npz")]
    [InlineData("prune", "-w", "d.npz", "-o", "p.npz")]
    public void A_negative_activation_penalty_is_a_parse_error_that_names_the_option(params string[] command)
    {
        Assert.Empty(Parse([.. command, "--activation-l1", "5e-4"]).Errors);
        var errors = Parse([.. command, "--activation-l1", "-1"]).Errors;
        Assert.Contains(errors, e => e.Message.Contains("--activation-l1", StringComparison.Ordinal));
    }

    [Fact]
    public void No_search_turns_both_searches_off()
    {
        var settings = CalibrateCommand.Read(Parse("calibrate", "-w", "m.npz", "--no-search"));
        Assert.Equal(SearchLoss.TrueClassProbability, settings.Options.SearchLoss); // the default
        Assert.False(settings.Options.SearchActivationThresholds);
        Assert.False(settings.Options.SearchThresholds);
    }

    [Theory]
    [InlineData("calibrate")] // no network: neither --weights nor --assembly
    [InlineData("calibrate", "-w", "m.npz", "--profile", "Z80")]
    [InlineData("calibrate", "-w", "m.npz", "--budget", "half")]
    [InlineData("calibrate", "-w", "m.npz", "--search-loss", "Vibes")]
    [InlineData("train")] // --output is required
    [InlineData("profile", "--assembly", "App.dll")] // --assembly without --class
    [InlineData("frobnicate")]
    public void Bad_arguments_are_parse_errors(params string[] args) => Assert.NotEmpty(Parse(args).Errors);

    [Fact]
    public void A_malformed_group_size_is_explained()
    {
        var error = Assert.Throws<FormatException>(() => CalibrateCommand.Read(Parse("calibrate", "-w", "m.npz", "--group-size", "conv1:3")));
        Assert.Contains("LAYER=SIZE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_list_builds_the_network_it_describes()
    {
        var definition = LayerList.Parse("conv2d:c1:4:3:1:1,relu:0.5,maxpool2d:2,flatten,dense:out:10", "Net", "1x28x28", NetworkOptions.Default);
        var shapes = NetworkShapes.Infer(definition);
        Assert.Equal(TensorShape.Of(4, 28, 28), shapes[0].Output); // padding 1 keeps 28x28
        Assert.Equal(0.5f, ((ReluLayer)definition.Layers[1]).ActivationThreshold);
        Assert.Equal(10, ((DenseLayer)definition.Layers[4]).OutFeatures);
        Assert.Throws<FormatException>(() => LayerList.Parse("conv2d:c1:four:3", "Net", "1x28x28", NetworkOptions.Default));
        Assert.Throws<FormatException>(() => LayerList.Parse("lstm:x:3", "Net", "1x28x28", NetworkOptions.Default));
    }

    [Fact]
    public void Evaluate_takes_format_profile_division_and_thresholds_from_a_calibration_file()
    {
        var path = TemporaryCalibrationFile();
        try
        {
            var settings = EvaluateCommand.Read(Parse("evaluate", "-w", "p.npz", "-c", path, "--implementation", "Sorted", "--samples", "10", "--report", "Json"));
            var definition = settings.Definition;
            Assert.Equal(NumberFormat.Float32, definition.Options.Format);
            Assert.Equal(TargetProfile.Msp430FR5994SoftFloat, definition.Options.Profile);
            Assert.Equal(DivisionApproximation.FloatBits, definition.Options.Division);
            Assert.Equal(2.9f, definition.Options.InputRange);
            Assert.Equal(1.5f, ((ReluLayer)definition.Layers[1]).ActivationThreshold);
            var conv2 = (ConvolutionLayer)definition.Layers[3];
            Assert.Equal(4, conv2.Pruning.GroupSize);
            Assert.Equal([0.1f, 0.05f, 0.1f, 0.1f], conv2.Pruning.GroupThresholds);
            Assert.Equal(12f, ((ConvolutionLayer)definition.Layers[0]).Pruning.OutputRange);
            Assert.Equal(KernelImplementation.Sorted, settings.Implementation);
            Assert.Equal(10, settings.Samples);
            Assert.Equal(ReportFormat.Json, settings.Report);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Inspect_prints_every_tensor_with_dtype_shape_range_and_sparsity()
    {
        var path = Path.Combine(Path.GetTempPath(), "unit-cli-" + Guid.NewGuid().ToString("N") + ".npz");
        NpzWriter.WriteFile(path,
        [
            NumPyArray.FromSingles("conv1.weight", [0f, -0.5f, 0.25f, 0f], 1, 1, 2, 2),
            NumPyArray.FromSingles("conv1.bias", [0.125f], 1),
            NumPyArray.FromInt16s("q", [3, -7, 0], 3),
        ], compressed: true);
        try
        {
            var (console, output) = TestConsole();
            var exit = CliApp.Run(["inspect", path], console, TextWriter.Null, TextWriter.Null);
            var text = output.ToString();
            Assert.Equal(0, exit);
            var conv = text.Split('\n').Single(l => l.Contains("conv1.weight", StringComparison.Ordinal));
            Assert.Contains("Float32", conv, StringComparison.Ordinal);
            Assert.Contains("[1, 1, 2, 2]", conv, StringComparison.Ordinal);
            Assert.Contains("-0.5", conv, StringComparison.Ordinal);
            Assert.Contains("0.25", conv, StringComparison.Ordinal);
            Assert.Contains("50.0 %", conv, StringComparison.Ordinal);
            var q = text.Split('\n').Single(l => l.Contains(" q ", StringComparison.Ordinal));
            Assert.Contains("Int16", q, StringComparison.Ordinal);
            Assert.Contains("-7", q, StringComparison.Ordinal);
            Assert.Contains("33.3 %", q, StringComparison.Ordinal);
            Assert.Contains("3 tensors, 8 values, 3 exact zeros (37.5 %)", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Thresholds_from_a_calibration_file_are_priced_on_the_requested_profile_without_searching()
    {
        var path = TemporaryCalibrationFile();
        try
        {
            var settings = CalibrateCommand.Read(Parse("calibrate", "-w", "d.npz", "--name", "OnMpy32", "--thresholds-from", path));
            var definition = settings.Definition;
            Assert.False(settings.Options.SearchThresholds);
            Assert.False(settings.Options.SearchActivationThresholds);
            Assert.Equal(NumberFormat.Q15, definition.Options.Format); // the options, not the file, say where it runs
            Assert.Equal(TargetProfile.Msp430FR5994, definition.Options.Profile);
            Assert.Equal(DivisionApproximation.ReciprocalLut, definition.Options.Division);
            Assert.Null(definition.Options.InputRange); // ranges are measured again, not copied
            Assert.Equal(1.5f, ((ReluLayer)definition.Layers[1]).ActivationThreshold);
            var conv2 = (ConvolutionLayer)definition.Layers[3];
            Assert.Equal([0.1f, 0.05f, 0.1f, 0.1f], conv2.Pruning.GroupThresholds);
            Assert.Equal(0.2f, ((DenseLayer)definition.Layers[7]).Pruning.Threshold);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Structured_budgets_are_counts_or_shares_of_the_dense_model()
    {
        var result = Parse("prune", "-w", "d.npz", "-o", "s.npz", "--structured", "--budget-macs", "50%", "--budget-ram", "4_320");
        Assert.Empty(result.Errors);
        var dense = StructuredPruneOptions.ReadAccounting(result).Analyze(CommonOptions.Network(result, PruneCommand.Layers, PruneCommand.Input, "mnist"));
        var budget = StructuredPruneOptions.ReadBudget(result, dense)!;
        Assert.Equal(121_280, budget.Macs); // half of the paper network's 242,560
        Assert.Equal(4_320, budget.PeakRamBytes);
        Assert.Null(budget.FlashBytes);

        var none = Assert.Throws<FormatException>(() => StructuredPruneOptions.ReadBudget(Parse("prune", "-w", "d.npz", "-o", "s.npz", "--structured"), dense));
        Assert.Contains("--budget-macs", none.Message, StringComparison.Ordinal);
        var nonsense = Assert.Throws<FormatException>(() => StructuredPruneOptions.ReadBudget(Parse("prune", "-w", "d.npz", "-o", "s.npz", "--structured", "--budget-flash", "150%"), dense));
        Assert.Contains("--budget-flash", nonsense.Message, StringComparison.Ordinal);
        Assert.Equal("--budget-ram", StructuredPruneOptions.MisusedWithout(Parse("prune", "-w", "d.npz", "-o", "s.npz", "--budget-ram", "50%")));
        Assert.Null(StructuredPruneOptions.MisusedWithout(Parse("prune", "-w", "d.npz", "-o", "s.npz")));
    }

    [Fact]
    public void Structured_budgets_count_what_the_chip_holds_unless_asked_for_the_papers_measure()
    {
        ResourceAccounting Accounting(params string[] options) =>
            StructuredPruneOptions.ReadAccounting(Parse(["prune", "-w", "d.npz", "-o", "s.npz", "--structured", "--budget-ram", "50%", .. options]));

        Assert.Equal(ResourceAccounting.Chip(NumberFormat.Q15), Accounting());
        Assert.Equal(ResourceAccounting.Chip(NumberFormat.Float32), Accounting("--sizes", "Float32"));
        Assert.Equal(ResourceAccounting.WeightsOnly(UnIT.Resources.ElementSizes.Q15), Accounting("--accounting", "Weights"));
        Assert.Equal(ResourceAccounting.WeightsOnly(UnIT.Resources.ElementSizes.Float32), Accounting("--accounting", "Weights", "--sizes", "Float32"));
        Assert.Equal("--accounting", StructuredPruneOptions.MisusedWithout(Parse("prune", "-w", "d.npz", "-o", "s.npz", "--accounting", "Weights")));
    }

    [Fact]
    public void Structured_pruning_with_imported_masks_writes_the_narrower_network_and_its_declaration()
    {
        var directory = Directory.CreateTempSubdirectory("unit-cli-").FullName;
        try
        {
            var masks = Path.Combine(directory, "masks.json");
            File.WriteAllText(masks, """{ "conv1": [1, 0, 1, 1, 0, 1], "conv2": [1,1,1,1, 1,1,1,1, 1,1,1,1, 1,1,1,0] }""");
            var output = Path.Combine(directory, "small.npz");
            var (console, text) = TestConsole();
            var exit = CliApp.Run(["prune", "--structured", "--masks", masks, "-w", RepositoryFiles.PathOf("sample-apps/Mnist/models/mnist-dense.npz"), "-o", output, "--class", "Small"],
                console, TextWriter.Null, TextWriter.Null);
            Assert.Equal(0, exit);
            var weights = WeightFile.Load(output);
            Assert.Equal([4, 1, 5, 5], weights.Get("conv1.weight").Shape);
            Assert.Equal([15, 4, 5, 5], weights.Get("conv2.weight").Shape);
            Assert.Equal([10, 15 * 4 * 4], weights.Get("fc1.weight").Shape);
            Assert.Contains("[Conv2d(\"conv1\", 4, Kernel = 5)]", text.ToString(), StringComparison.Ordinal);
            Assert.Contains("public static partial class Small;", text.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Bad_input_is_one_line_that_names_the_problem_not_a_stack_trace()
    {
        var error = new StringWriter();
        var missing = Path.Combine(Path.GetTempPath(), "unit-cli-" + Guid.NewGuid().ToString("N") + ".npz");
        var exit = CliApp.Run(["inspect", missing], TestConsole().Console, TextWriter.Null, error);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(missing), error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);

        error = new StringWriter();
        exit = CliApp.Run(["prune", "-w", RepositoryFiles.PathOf("sample-apps/Mnist/models/mnist-dense.npz"), "-o", missing, "--budget-ram", "50%"], TestConsole().Console, TextWriter.Null, error);
        Assert.Equal(1, exit);
        Assert.Contains("add --structured", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void Fold_normalization_declares_mnist_s_normalisation_and_a_folded_calibration_implies_it()
    {
        var calibrate = CalibrateCommand.Read(Parse("calibrate", "-w", "d.npz", "--fold-normalization"));
        Assert.Equal(0.1307f, calibrate.Definition.Options.InputMean);
        Assert.Equal(0.3081f, calibrate.Definition.Options.InputStandardDeviation);
        Assert.False(CalibrateCommand.Read(Parse("calibrate", "-w", "d.npz")).Definition.Options.FoldsInputNormalization);

        var folded = TemporaryCalibrationFile(folded: true);
        var plain = TemporaryCalibrationFile();
        try
        {
            Assert.True(EvaluateCommand.Read(Parse("evaluate", "-w", "p.npz", "-c", folded)).Definition.Options.FoldsInputNormalization);
            var mismatch = Assert.Throws<FormatException>(() => EvaluateCommand.Read(Parse("evaluate", "-w", "p.npz", "-c", plain, "--fold-normalization")));
            Assert.Contains("was measured with no input normalisation folded", mismatch.Message);
            Assert.Throws<FormatException>(() => CalibrateCommand.Read(Parse("calibrate", "-w", "d.npz", "--thresholds-from", folded)));
        }
        finally
        {
            File.Delete(folded);
            File.Delete(plain);
        }
    }

    private static string TemporaryCalibrationFile(bool folded = false)
    {
        var path = Path.Combine(Path.GetTempPath(), "unit-cli-" + Guid.NewGuid().ToString("N") + ".calibration.txt");
        File.WriteAllText(path, string.Join('\n',
            "format: 1", "network: MnistPrunedSoft", "number-format: Float32", "profile: Msp430FR5994SoftFloat", "division: FloatBits",
            "input-range: 2.9", folded ? "input-mean: 0.1307\ninput-standard-deviation: 0.3081" : "# plain", "accuracy-budget-points: 0.5", "baseline-accuracy: 0.98", "calibrated-accuracy: 0.978", "samples: 1000",
            "layer conv1 threshold=0.05 output-range=12", "layer relu1 activation-threshold=1.5", "layer conv2 threshold=0.1 group-size=4 group-thresholds=0.1,0.05,0.1,0.1",
            "layer relu2 activation-threshold=2", "layer fc1 threshold=0.2"));
        return path;
    }

    [Fact]
    public void Help_explains_each_command_with_an_example()
    {
        foreach (var command in new[] { "train", "prune", "calibrate", "profile", "evaluate", "inspect", "declare" })
        {
            var output = new StringWriter();
            var exit = CliApp.Run([command, "--help"], TestConsole().Console, output, TextWriter.Null);
            Assert.Equal(0, exit);
            Assert.Contains("unit " + command + " ", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("Example", output.ToString(), StringComparison.Ordinal);
        }
    }
}
