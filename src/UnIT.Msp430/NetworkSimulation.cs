using System.Buffers.Binary;
using System.Globalization;
using UnIT.Generators.Exporting;

namespace UnIT.Msp430;

/// <summary>
/// Runs a network's C export on mspdebug's simulator, inference by inference, and reads back outputs, the counters
/// struct and each layer's instructions and MCLK. A network whose image fits below 64 KB runs as one image that stops
/// after every layer; one that does not (the dense MNIST model: its tables, code and FRAM-kept buffers pass the 48 KB of
/// low FRAM) runs layer by layer: one image per layer, built from the same source file, with the activations each layer
/// wrote on the simulator handed to the next layer's image as its input. Built without event counters
/// (<c>countEvents: false</c>), the images run exactly the code a user ships, which is what the cost model prices.
/// </summary>
public static class NetworkSimulation
{
    private const string Entry = "unit_run";
    private const string Input = "unit_input";
    private const string Output = "unit_output";
    private const string Counters = "unit_counts";

    /// <summary>Where buffers too large for the 8 KB of SRAM go: FRAM, as on the part (docs/msp430-c.md).</summary>
    private const string FramActivations = "__attribute__((section(\".persistent\")))";

    /// <summary>
    /// Runs every input (Q15 values at the export's input scale) through <paramref name="export"/>; builds in
    /// <paramref name="workDirectory"/> (a new temporary folder when null). <paramref name="layerByLayer"/> forces one
    /// image per layer; otherwise that happens only when the whole network does not fit. <paramref name="countEvents"/>
    /// compiles the event counters in (<c>-DUNIT_COUNT_EVENTS</c>) and reads them back; without them each layer's
    /// <see cref="SimulatedLayer.Events"/> is empty and its instructions and MCLK are those of the plain export.
    /// </summary>
    public static NetworkSimulationResult Run(
        Msp430Toolchain toolchain, CNetworkExport export, IReadOnlyList<short[]> inputs, string? workDirectory = null, bool layerByLayer = false,
        bool countEvents = true)
    {
        ArgumentNullException.ThrowIfNull(toolchain);
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0 || inputs.Any(i => i.Length != export.InputLength))
        {
            throw new ArgumentException($"Give at least one input of {export.InputLength} values.", nameof(inputs));
        }

        var folder = workDirectory ?? Directory.CreateTempSubdirectory("unit-simulate-").FullName;
        if (!layerByLayer)
        {
            try
            {
                return Whole(toolchain, export, inputs, Path.Combine(folder, "network"), countEvents);
            }
            catch (Msp430ImageTooLargeException)
            {
                // Falls through: the same C, one layer per image.
            }
        }

        return ByLayer(toolchain, export, inputs, folder, countEvents);
    }

    private static NetworkSimulationResult Whole(Msp430Toolchain toolchain, CNetworkExport export, IReadOnlyList<short[]> inputs, string folder, bool countEvents)
    {
        var net = export.ClassName;
        var harness = $$"""
            #include "{{export.HeaderName}}"

            int16_t {{Input}}[{{export.InputLength}}];
            int16_t {{Output}}[{{export.OutputLength}}];
            #ifdef UNIT_COUNT_EVENTS
            {{net}}_counters {{Counters}};

            void {{Entry}}(void) { {{export.CountedInferFunction}}({{Input}}, {{Output}}, &{{Counters}}); }
            #else
            void {{Entry}}(void) { {{export.InferFunction}}({{Input}}, {{Output}}); }
            #endif
            """;
        var image = toolchain.Build(
            [new CSource(export.HeaderName, export.Header), new CSource(export.SourceName, export.Source), new CSource("harness.c", harness)],
            Options(folder, countEvents));
        var runs = inputs.Select(input => new SimulatorRun
        {
            Entry = Entry,
            Writes = [MemoryWrite.Int16(Input, input)],
            Stops = Enumerable.Repeat(export.LayerDoneFunction, export.Layers.Count).ToArray(),
            Reads = Reads(new MemoryRead(Output), countEvents),
        }).ToArray();
        var results = new SimulatorSession(toolchain, image).Run(runs);
        var inferences = results.Select(r => new SimulatedInference(
            r.Int16(Output),
            export.Layers.Select(l => new SimulatedLayer(r.Segments[l.Index].Instructions, r.Segments[l.Index].Mclk, Events(export, r, l.Index, countEvents))).ToArray()))
            .ToArray();
        var sizes = image.Sizes;
        return new NetworkSimulationResult(false, inferences, sizes.Flash, sizes.Ram, sizes.Persistent, results.Max(r => r.StackBytesUsed), 1);
    }

    private static NetworkSimulationResult ByLayer(Msp430Toolchain toolchain, CNetworkExport export, IReadOnlyList<short[]> inputs, string folder, bool countEvents)
    {
        var activations = inputs.Select(i => (short[])i.Clone()).ToArray();
        var layers = inputs.Select(_ => new List<SimulatedLayer>()).ToArray();
        var sizes = new List<SectionSizes>();
        var stack = 0;
        foreach (var layer in export.Layers)
        {
            if (layer.Function is null)
            {
                // Flatten: no code; the next layer reads the same values.
                foreach (var list in layers)
                {
                    list.Add(new SimulatedLayer(0, 0, new long[countEvents ? export.EventKinds : 0]));
                }

                continue;
            }

            var (image, arena) = LayerImage(toolchain, export, layer, Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"layer{layer.Index}")), countEvents);
            sizes.Add(image.Sizes);
            var output = new MemoryRead(export.ArenaName, 2 * layer.OutputLength, 2 * arena.Target);
            var runs = activations.Select(a => new SimulatorRun
            {
                Entry = Entry,
                Writes = [arena.Source is { } source ? MemoryWrite.Int16(export.ArenaName, a) with { Offset = 2 * source } : MemoryWrite.Int16(Input, a)],
                Reads = Reads(output, countEvents),
            }).ToArray();
            var results = new SimulatorSession(toolchain, image).Run(runs);
            for (var d = 0; d < results.Count; d++)
            {
                activations[d] = results[d].Int16(export.ArenaName);
                layers[d].Add(new SimulatedLayer(results[d].Instructions, results[d].Mclk, Events(export, results[d], layer.Index, countEvents)));
                stack = Math.Max(stack, results[d].StackBytesUsed);
            }
        }

        var inferences = activations.Select((output, d) => new SimulatedInference(output, layers[d])).ToArray();
        var largest = sizes.MaxBy(s => s.Variables)!; // the variables of one image: the arena and a layer's own input
        return new NetworkSimulationResult(true, inferences, sizes.Sum(s => s.Flash), largest.Ram, largest.Persistent, stack, sizes.Count);
    }

    /// <summary>
    /// Where a layer image's arena holds the layer's input (null: its own input buffer) and output, in 16-bit elements,
    /// and how long that arena is.
    /// </summary>
    private sealed record LayerArena(int Length, int? Source, int Target)
    {
        /// <summary>The network's arena, as <c>&lt;Class&gt;_infer</c> lays it out.</summary>
        public static LayerArena Network(CNetworkExport export, CLayerExport layer) => new(export.ArenaLength, layer.SourceOffset, layer.TargetOffset!.Value);

        /// <summary>
        /// The layer's input and what it writes packed together, without the gap between them that other layers use
        /// (the DS-CNN's first depthwise convolution needs 16 KB of the network's 43 KB). Each part keeps its inner layout,
        /// and the layer's function reaches its accumulators from <c>y</c>, so it compiles to the same instructions at
        /// other constant addresses.
        /// </summary>
        public static LayerArena Packed(CLayerExport layer)
        {
            var written = layer.Written!.Value;
            if (layer.SourceOffset is not { } source)
            {
                return new(written.Length, null, layer.TargetOffset!.Value - written.Start);
            }

            var input = new ArenaRange(source, layer.InputLength);
            var (lower, upper) = input.Start <= written.Start ? (input, written) : (written, input);
            var overlapping = upper.Start < lower.End; // a layer in place: their union, moved down
            int Place(int offset) => overlapping || offset < upper.Start ? offset - lower.Start : offset - upper.Start + lower.Length;
            var length = overlapping ? Math.Max(lower.End, upper.End) - lower.Start : lower.Length + upper.Length;
            return new(length, Place(source), Place(layer.TargetOffset!.Value));
        }
    }

    /// <summary>
    /// An image of one layer: the harness includes the source file, so it can call the layer's <c>static</c> function,
    /// and the compiler and linker drop the other layers' code and tables. It calls the layer with the places in the
    /// network's arena <c>&lt;Class&gt;_infer</c> passes it (or an input of its own where the network passes its input),
    /// so clang specialises the function for the same constant addresses in both images and the layer runs the
    /// instructions it runs inside the whole network. The simulator's RAM from 0x0200 holds the arena when it fits (the
    /// event counters, simulator-only, go to FRAM to leave it room); otherwise the arena goes to FRAM, and when even that
    /// is too small, the code and tables move to RAM below it. A layer that fits none of these (large tables beside a
    /// large arena) gets an arena of its own working set only (<see cref="LayerArena.Packed"/>).
    /// </summary>
    private static (Msp430Image Image, LayerArena Arena) LayerImage(Msp430Toolchain toolchain, CNetworkExport export, CLayerExport layer, string folder, bool countEvents)
    {
        try
        {
            var network = LayerArena.Network(export, layer);
            return (InAnyMemoryLayout(toolchain, export, layer, network, export.Source, folder, countEvents), network);
        }
        catch (Msp430ImageTooLargeException)
        {
            var packed = LayerArena.Packed(layer);
            return (InAnyMemoryLayout(toolchain, export, layer, packed, export.SourceWithArenaLength(packed.Length), folder, countEvents), packed);
        }
    }

    private static Msp430Image InAnyMemoryLayout(
        Msp430Toolchain toolchain, CNetworkExport export, CLayerExport layer, LayerArena arena, string source, string folder, bool countEvents)
    {
        try
        {
            return LayerImage(toolchain, export, layer, arena, source, folder, string.Empty, codeInRam: false, countEvents);
        }
        catch (Msp430ImageTooLargeException)
        {
            try
            {
                return LayerImage(toolchain, export, layer, arena, source, folder, FramActivations, codeInRam: false, countEvents);
            }
            catch (Msp430ImageTooLargeException)
            {
                // The arena takes most of the low FRAM (the DS-CNN's 43 KB): the layer's code and tables go below it.
                return LayerImage(toolchain, export, layer, arena, source, folder, FramActivations, codeInRam: true, countEvents);
            }
        }
    }

    private static Msp430Image LayerImage(
        Msp430Toolchain toolchain, CNetworkExport export, CLayerExport layer, LayerArena arena, string source, string folder, string activations, bool codeInRam,
        bool countEvents)
    {
        var net = export.ClassName;
        var included = export.SourceName + ".inc";
        var input = arena.Source is { } offset ? export.ArenaPointer(offset) : Input;
        var harness = $$"""
            /* The other layers' functions and tables are unused here; the linker drops them. */
            #pragma clang diagnostic ignored "-Wunused-function"
            #pragma clang diagnostic ignored "-Wunused-const-variable"
            #include "{{included}}"

            {{(arena.Source is null ? $"UNIT_ACTIVATIONS int16_t {Input}[{layer.InputLength}];" : string.Empty)}}
            #ifdef UNIT_COUNT_EVENTS
            {{FramActivations}} {{net}}_counters {{Counters}};
            #endif

            void {{Entry}}(void)
            {
            #ifdef UNIT_COUNT_EVENTS
                unit_counters = &{{Counters}};
            #endif
                {{layer.Function}}({{input}}, {{export.ArenaPointer(arena.Target)}});
            }
            """;
        var options = Options(folder, countEvents);
        return toolchain.Build(
            [new CSource(export.HeaderName, export.Header), new CSource(included, source), new CSource("harness.c", harness)],
            options with
            {
                Roots = [Entry], // it references the buffers and counters it uses
                RamStart = Msp430MemoryMap.SimulatorRamStart,
                CodeInRam = codeInRam,
                Defines = new Dictionary<string, string>(options.Defines) { ["UNIT_ACTIVATIONS"] = activations },
            });
    }

    private static Msp430BuildOptions Options(string folder, bool countEvents)
    {
        var defines = new Dictionary<string, string>
        {
            ["UNIT_MPY_BASE"] = string.Create(CultureInfo.InvariantCulture, $"0x{Msp430MemoryMap.SimulatorMultiplierBase:X4}"),
            ["UNIT_ACTIVATIONS"] = FramActivations,
        };
        if (countEvents)
        {
            defines["UNIT_COUNT_EVENTS"] = "1";
        }

        return new()
        {
            Roots = countEvents ? [Entry, Input, Output, Counters] : [Entry, Input, Output],
            Defines = defines,
            OutputDirectory = folder,
        };
    }

    /// <summary>What a run reads back: the activations <paramref name="output"/>, and the counters when the image counts.</summary>
    private static MemoryRead[] Reads(MemoryRead output, bool countEvents) =>
        countEvents ? [output, new MemoryRead(Counters)] : [output];

    /// <summary>
    /// Row <paramref name="layer"/> of the counters struct (a 32-bit inference count, then 32-bit events per layer,
    /// little-endian); empty when the image counts no events.
    /// </summary>
    private static long[] Events(CNetworkExport export, SimulatorRunResult run, int layer, bool countEvents) =>
        countEvents
            ? Enumerable.Range(0, export.EventKinds)
                .Select(e => (long)BinaryPrimitives.ReadUInt32LittleEndian(run.Memory[Counters].AsSpan(4 + (4 * ((layer * export.EventKinds) + e)))))
                .ToArray()
            : [];
}
