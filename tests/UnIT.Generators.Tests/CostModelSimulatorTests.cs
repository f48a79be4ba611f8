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
/// rules (<see cref="MspdebugTiming"/>) are compared with the executed instructions and MCLK: every layer within ±5 %
/// (docs/cost-model.md, "Checked against the simulator"), so a sequence that drifts from the compiled code fails. Each
/// output line names the layer's category (kind, kernel, shape). The RAM estimate must bound what the program used,
/// within +10 %, and the plain image must give the C# kernels' outputs (so an image that runs a layer apart, with an
/// arena of its own, still computes what the network does).
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

    /// <summary>Every Q15 class of the sample (the ones with a C backend); a class whose image does not fit runs layer by layer.</summary>
    public static TheoryData<string> ClassNames => new(MnistSampleNetworks.Q15ClassNames());

    /// <summary>How far above the RAM the program used the estimate may be (the bound).</summary>
    private const double RamHeadroom = 1.10;

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
            var output = new short[model.OutputLength];
            infer(inputs[d], output, ledger);
            if (!output.SequenceEqual(simulation.Inferences[d].Output))
            {
                failures.Add($"{className} digit {d}: the simulated outputs differ from the C# kernels'");
            }

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

                var line = string.Create(CultureInfo.InvariantCulture,
                    $"[{Category(model.Layers[layer])}] {className} digit {d} layer {layer} {label}: instructions ledger {instructions} vs simulator {segment.Instructions} ({Ratio(instructions, segment.Instructions)}), "
                    + $"cycles mspdebug-priced {cycles} vs MCLK {segment.Mclk} ({Ratio(cycles, segment.Mclk)}), TI-priced {profile.Cycles(counts):F0}; bounds {Within5Percent}; events {Events(counts)}");
                _output.WriteLine(line);
                if (!Within5Percent.Holds(instructions, segment.Instructions) || !Within5Percent.Holds(cycles, segment.Mclk))
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

    /// <summary>Ledger ÷ simulator within ±5 %, on instructions and on cycles, for every layer (the bound).</summary>
    private static readonly RatioRange Within5Percent = new(0.95, 1.05);

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
