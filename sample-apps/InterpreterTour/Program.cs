using Spectre.Console;
using UnIT;
using UnIT.Costs;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Reporting;

// The example network, declared the way the [UnitNetwork] attributes declare it (layers in execution order).
// Its weights are the convnet2d PyTorch fixture (tests/fixtures/torch/README.md).
static NetworkDefinition Network(NetworkOptions options) =>
    new NetworkBuilder("ExampleConvNet", TensorShape.Of(1, 12, 12))
        .Conv2d("conv1", 4, 3, padding: 1).BatchNorm("bn1").ReLU(0.5f).MaxPool2d(2)
        .Conv2d("conv2", 8, 3).ReLU(0.25f).AvgPool2d(2)
        .Flatten().Dense("fc1", 10)
        .Build(options);

const float Threshold = 0.05f;
var weights = WeightFile.Load(Path.Combine(AppContext.BaseDirectory, "example-convnet.npz"));

// Seeded inputs: 64 standard-normal 12x12 images (Box-Muller), the same every run.
var random = new Random(2026);
var inputs = Enumerable.Range(0, 64)
    .Select(_ => Enumerable.Range(0, 144).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray())
    .ToArray();

// Each profile with the format it computes in and the division approximation that suits its hardware.
(TargetProfile Profile, DivisionApproximation Division)[] targets =
[
    (TargetProfile.Msp430FR5994, DivisionApproximation.ReciprocalLut),
    (TargetProfile.Msp430FR5994SoftFloat, DivisionApproximation.FloatBits),
    (TargetProfile.Msp430NoMultiplier, DivisionApproximation.Pow2),
];

// Redirected output defaults to 80 columns; the cost table needs about 150.
AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
AnsiConsole.MarkupLine("[bold]UnIT reference interpreter: an example network on three emulated MSP430 targets[/]");
AnsiConsole.MarkupLine($"Weights: {Markup.Escape(weights.FileName)} ({weights.Tensors.Count} tensors). UnIT threshold T = {Threshold} on every conv/dense layer; {inputs.Length} seeded inputs.");
AnsiConsole.WriteLine();

foreach (var (profileId, division) in targets)
{
    var profile = CostProfile.For(profileId);
    var options = new NetworkOptions { Format = profile.Format, Profile = profileId, Division = division, DefaultThreshold = Threshold, InputRange = 4.5f };
    var network = PreparedNetwork.Prepare(Network(options), weights);

    var unit = new ReferenceInterpreter(network);                                        // planner's choice per layer
    var dense = new ReferenceInterpreter(network, implementations: [KernelImplementation.Dense]); // no skipping
    var unitLedger = unit.CreateLedger();
    var denseLedger = dense.CreateLedger();
    var agree = 0;
    foreach (var input in inputs)
    {
        agree += unit.Predict(input, unitLedger) == dense.Predict(input, denseLedger) ? 1 : 0;
    }

    var report = CostReport.Create(unitLedger, profile);
    var baseline = CostReport.Create(denseLedger, profile);
    report.Write(AnsiConsole.Console);
    var cycleChange = 100 * ((report.Total.Cycles / baseline.Total.Cycles) - 1);
    AnsiConsole.MarkupLine(
        $"  vs. dense kernels: [bold]{Math.Abs(cycleChange):0.0} % {(cycleChange <= 0 ? "fewer" : "more")} cycles[/], "
        + $"{100 * (1 - (report.Total.MacsPerformed / baseline.Total.MacsPerformed)):0.0} % fewer MACs, same prediction on {agree}/{inputs.Length} inputs.");
    AnsiConsole.WriteLine();
}
