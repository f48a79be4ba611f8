using System.Globalization;
using System.Runtime.Loader;
using UnIT.Costs;
using UnIT.Generators.Exporting;
using UnIT.Generators.Models;
using UnIT.Generators.Tests.Infrastructure;
using UnIT.Ledger;
using UnIT.Model;
using UnIT.Msp430;
using UnIT.Semantics;
using UnIT.Training.Data;
using Xunit;
using Xunit.Abstractions;

namespace UnIT.Generators.Tests;

/// <summary>
/// The cost model against executed code: the plain C export (no event counters) of every Q15 class of the MNIST sample
/// runs on mspdebug's simulator (one image, or one image per layer where the network does not fit below 64 KB), and
/// per layer the ledger's instructions (events × their sequences' lengths) and its sequences priced by mspdebug 0.22's
/// rules (<see cref="MspdebugTiming"/>) are compared with the executed instructions and MCLK. Each layer category
/// asserts the range the model reaches today (docs/cost-model.md, "Checked against the simulator"), so a sequence that
/// drifts from the compiled code fails. The RAM estimate must bound what the program used, within +10 %.
/// </summary>
public sealed class CostModelSimulatorTests : IClassFixture<CostModelSimulatorTests.Images>
{
    private const int Digits = 2;

    private readonly Images _images;
    private readonly ITestOutputHelper _output;

    public CostModelSimulatorTests(Images images, ITestOutputHelper output)
    {
        _images = images;
        _output = output;
    }

    /// <summary>
    /// The DS-CNN class with Bucketed depthwise convolutions: dw1's bucket tables (14.5 KB) and code, beside the network's
    /// 43,264 B arena and the counting image's counters, exceed the simulator's 64 KB even in an image of that layer alone.
    /// </summary>
    public static readonly string[] TooLargeForTheSimulator = ["MnistDsCnnQ15ReciprocalLutBucketed"];

    /// <summary>Every Q15 class of the sample (the ones with a C backend) but those; a class whose image does not fit runs layer by layer.</summary>
    public static TheoryData<string> ClassNames => new(MnistSampleNetworks.Q15ClassNames().Except(TooLargeForTheSimulator));

    public static TheoryData<string> TooLargeClassNames => new(TooLargeForTheSimulator);

    /// <summary>How far above the RAM the program used the estimate may be (the bound).</summary>
    private const double RamHeadroom = 1.10;

    [Theory]
    [MemberData(nameof(TooLargeClassNames))]
    public void The_classes_left_out_do_not_fit_the_simulator(string className)
    {
        var model = _images.Networks.Models[className];
        Assert.Throws<Msp430ImageTooLargeException>(() => NetworkSimulation.Run(
            Toolchain.Value, CExporter.From(model), _images.QuantizedDigits(model.InputScale).Take(1).ToArray(), _images.DirectoryOf(className), countEvents: false));
    }

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Ledger_sequences_match_the_simulated_instructions_and_cycles_per_layer(string className)
    {
        var model = _images.Networks.Models[className];
        var inputs = _images.QuantizedDigits(model.InputScale);
        var export = CExporter.From(model);
        var simulation = NetworkSimulation.Run(Toolchain.Value, export, inputs, _images.DirectoryOf(className), countEvents: false);

        var type = _images.Assembly.GetType("Mnist." + className, throwOnError: true)!;
        var layout = (LedgerLayout)type.GetProperty("LedgerLayout")!.GetValue(null)!;
        var infer = type.GetMethod("InferQ15", [typeof(ReadOnlySpan<short>), typeof(Span<short>), typeof(InferenceLedger)])!.CreateDelegate<InferQ15WithLedger>();
        var profile = CostProfile.For(layout.Profile);
        var failures = new List<string>();
        for (var d = 0; d < inputs.Length; d++)
        {
            var ledger = new InferenceLedger(layout);
            infer(inputs[d], new short[model.OutputLength], ledger);
            for (var layer = 0; layer < model.Layers.Count; layer++)
            {
                var descriptor = layout.Layers[layer];
                var label = descriptor.Label;
                var counts = ledger.Layer(layer);
                var segment = simulation.Inferences[d].Layers[layer];
                var instructions = MspdebugTiming.Instructions(profile, counts);
                var cycles = MspdebugTiming.Cycles(profile, counts);
                if (counts == default)
                {
                    continue; // a layer without code (Flatten): its segment is the call of the stop
                }

                var category = Category(model.Layers[layer]);
                var bounds = Bounds.TryGetValue(category, out var known) ? known : (Instructions: Within5Percent, Cycles: Within5Percent);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"[{category}] {className} digit {d} layer {layer} {label}: instructions ledger {instructions} vs simulator {segment.Instructions} ({Ratio(instructions, segment.Instructions)}), "
                    + $"cycles mspdebug-priced {cycles} vs MCLK {segment.Mclk} ({Ratio(cycles, segment.Mclk)}), TI-priced {profile.Cycles(counts):F0}; bounds {bounds.Instructions} / {bounds.Cycles}; events {Events(counts)}");
                _output.WriteLine(line);
                if (!bounds.Instructions.Holds(instructions, segment.Instructions) || !bounds.Cycles.Holds(cycles, segment.Mclk))
                {
                    failures.Add(line);
                }
            }
        }

        // RAM: input, output, arena and stack reserve against the plain image's variables and stack high-water mark.
        var ram = string.Create(CultureInfo.InvariantCulture,
            $"[RAM] {className}: estimate {export.RamBytesEstimate} B vs used {simulation.RamUsedBytes} B ({Ratio(export.RamBytesEstimate, simulation.RamUsedBytes)}): "
            + $".data+.bss {simulation.RamBytes} + .persistent {simulation.PersistentBytes} + stack {simulation.StackBytes}");
        _output.WriteLine(ram);
        if (export.RamBytesEstimate < simulation.RamUsedBytes || export.RamBytesEstimate > RamHeadroom * simulation.RamUsedBytes)
        {
            failures.Add(ram);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Ledger ÷ simulator within ±5 %: what every layer should reach (the bound).</summary>
    private static readonly RatioRange Within5Percent = new(0.95, 1.05);

    /// <summary>
    /// The layer categories that do not reach ±5 % yet, with the ratios they reach on the sample (docs/cost-model.md,
    /// "Checked against the simulator", says why); any other category must hold ±5 %. Each bound is the measured range
    /// with a little room, so a sequence that drifts from the compiled code still fails.
    /// </summary>
    private static readonly Dictionary<string, (RatioRange Instructions, RatioRange Cycles)> Bounds = new()
    {
        // The FloatBits class's second convolution (0.95-0.97 / 0.94-0.95): with a quotient live beside the walk, clang
        // spills the activation and reloads it for every kept entry (23 instructions where ScatterMac prices 21).
        ["Conv2d Bucketed"] = (new(0.94, 1.05), new(0.93, 1.05)),

        // The dense model's first convolution (1.05-1.07 / 1.01): one input channel, one list, so clang walks it with a
        // single index into absolutely addressed tables (22 instructions per kept entry where ListCompare and ScatterMac
        // price 24 with pointer steps); the forms cost about as many cycles.
        ["Conv2d Sorted"] = (new(0.95, 1.08), Within5Percent),
    };

    /// <summary>The layer's kind and kernel, and for a convolution its shape class (grouped, 1x1), which compile to different loops.</summary>
    private static string Category(LayerModel layer) => layer switch
    {
        MacModel { Geometry: var g } mac when g.Groups > 1 => $"{mac.Row.Kind} {mac.Row.Implementation} grouped",
        MacModel { Geometry: var g } mac when mac.Row.Kind == LayerKind.Conv2d && g.KernelHeight * g.KernelWidth == 1 => $"{mac.Row.Kind} {mac.Row.Implementation} 1x1",
        MacModel mac => $"{mac.Row.Kind} {mac.Row.Implementation}",
        _ => layer.Row.Kind.ToString(),
    };

    /// <summary>The layer's non-zero event counts, to see which sequence a gap belongs to.</summary>
    private static string Events(EventCounts counts) => string.Join(", ",
        Enum.GetValues<CostEvent>().Where(e => counts[e] != 0).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e} {counts[e]}")));

    /// <summary>Where ledger ÷ simulator must lie.</summary>
    private readonly record struct RatioRange(double Low, double High)
    {
        public bool Holds(long estimate, long measured) =>
            measured == 0 ? estimate == 0 : (double)estimate / measured is var r && r >= Low && r <= High;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Low:F2}-{High:F2}");
    }

    private static string Ratio(long estimate, long measured) =>
        measured == 0 ? "-" : ((double)estimate / measured).ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>The simulator's tools, located once (CI installs them; see .ci/run).</summary>
    private static readonly Lazy<Msp430Toolchain> Toolchain = new(Msp430Toolchain.Locate);

    /// <summary>The simulated classes generated once and their C# kernels loaded.</summary>
    public sealed class Images : IDisposable
    {
        private readonly AssemblyLoadContext _context = new("UnIT cost model simulator tests", isCollectible: true);
        private readonly string _root = Path.Combine(Path.GetTempPath(), "unit-cost-model-" + Guid.NewGuid().ToString("N"));
        private readonly float[][] _digits;

        public Images()
        {
            Networks = MnistSampleNetworks.Generate(MnistSampleNetworks.Q15ClassNames().ToArray());
            using var stream = new MemoryStream();
            var result = Networks.Output.Emit(stream);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            stream.Position = 0;
            Assembly = _context.LoadFromStream(stream);
            var test = MnistDataset.Load(0, MnistPixels.UnitInterval).Test;
            _digits = Enumerable.Range(0, Digits).Select(i => test.Sample(i).ToArray()).ToArray();
        }

        internal MnistSampleNetworks Networks { get; }

        public System.Reflection.Assembly Assembly { get; }

        public string DirectoryOf(string className) => Directory.CreateDirectory(Path.Combine(_root, className)).FullName;

        /// <summary>The test digits as the network's Q15 input.</summary>
        public short[][] QuantizedDigits(int inputScale) =>
            _digits.Select(d => d.Select(x => Q15.Quantize(x, inputScale)).ToArray()).ToArray();

        public void Dispose()
        {
            _context.Unload();
            Directory.Delete(_root, recursive: true);
        }
    }
}
