using UnIT.Generators.EmittingC;

namespace UnIT.Generators.Exporting;

/// <summary>
/// One network's MSP430 C export (<c>&lt;Class&gt;.h/.c</c>) and the facts a harness needs to run it: lengths, scales,
/// the cost model's flash and RAM estimates, and each layer's function so that a network too large for one image can
/// be run layer by layer.
/// </summary>
public sealed class CNetworkExport
{
    internal CNetworkExport(
        string className, string headerName, string header, string sourceName, string source, int inputLength, int outputLength,
        int inputScale, long flashBytesEstimate, long ramBytesEstimate, string arenaName, int arenaLength, IReadOnlyList<CLayerExport> layers)
    {
        ClassName = className;
        HeaderName = headerName;
        Header = header;
        SourceName = sourceName;
        Source = source;
        InputLength = inputLength;
        OutputLength = outputLength;
        InputScale = inputScale;
        FlashBytesEstimate = flashBytesEstimate;
        RamBytesEstimate = ramBytesEstimate;
        ArenaName = arenaName;
        ArenaLength = arenaLength;
        Layers = layers;
    }

    /// <summary>The class name: prefix of every C function, type and macro.</summary>
    public string ClassName { get; }

    /// <summary>The header's file name (<c>&lt;Class&gt;.h</c>).</summary>
    public string HeaderName { get; }

    /// <summary>The header's text.</summary>
    public string Header { get; }

    /// <summary>The source's file name (<c>&lt;Class&gt;.c</c>).</summary>
    public string SourceName { get; }

    /// <summary>The source's text.</summary>
    public string Source { get; }

    /// <summary>Q15 values one inference reads.</summary>
    public int InputLength { get; }

    /// <summary>Q15 values one inference writes.</summary>
    public int OutputLength { get; }

    /// <summary>Input scale: <c>q = round(x · 2^InputScale)</c>.</summary>
    public int InputScale { get; }

    /// <summary>The cost model's flash estimate (weights, tables and code of every layer), in bytes.</summary>
    public long FlashBytesEstimate { get; }

    /// <summary>
    /// The cost model's RAM for a program that runs the network: the input and output buffers, the activation arena and
    /// the stack reserve (<c>RamBytes</c> of the generated class), in bytes.
    /// </summary>
    public long RamBytesEstimate { get; }

    /// <summary>The static <c>int16_t</c> array that holds every layer's activations and accumulators (absent when <see cref="ArenaLength"/> is 0).</summary>
    public string ArenaName { get; }

    /// <summary>The arena's length in 16-bit elements: the cost model's activation RAM without the input, halved.</summary>
    public int ArenaLength { get; }

    /// <summary>
    /// <see cref="Source"/> with the arena defined <paramref name="length"/> elements long: a simulator image of one layer
    /// that packs the layer's input and output together (the other layers' functions, which reach further, are dropped
    /// by the linker).
    /// </summary>
    public string SourceWithArenaLength(int length)
    {
        var declared = CEmitter.ArenaDeclaration(ClassName, ArenaLength);
        return Source.IndexOf(declared, StringComparison.Ordinal) >= 0
            ? Source.Replace(declared, CEmitter.ArenaDeclaration(ClassName, length)) // string.Replace(string, string) is ordinal
            : throw new InvalidOperationException($"The source of {ClassName} does not define its arena as '{declared}'.");
    }

    /// <summary>A C expression for the arena's 16-bit element <paramref name="offset"/>, as <c>&lt;Class&gt;_infer</c> spells it.</summary>
    public string ArenaPointer(int offset) => CEmitter.ArenaPointer(ClassName, offset);

    /// <summary>The executed layers in order, one per ledger row.</summary>
    public IReadOnlyList<CLayerExport> Layers { get; }

    /// <summary>The function called after every layer (<c>&lt;Class&gt;_layer_done</c>), where a simulator stops.</summary>
    public string LayerDoneFunction => ClassName + "_layer_done";

    /// <summary>Events per counters row (<c>&lt;CLASS&gt;_EVENT_COUNT</c>, the ledger's <c>CostEvent</c> kinds in order).</summary>
    public int EventKinds => UnIT.Costs.EventCounts.EventKinds;

    /// <summary>The entry point that runs one inference (<c>&lt;Class&gt;_infer</c>).</summary>
    public string InferFunction => ClassName + "_infer";

    /// <summary>The counting entry point compiled with <c>-DUNIT_COUNT_EVENTS</c>.</summary>
    public string CountedInferFunction => ClassName + "_infer_counted";
}

/// <summary>One executed layer of a <see cref="CNetworkExport"/>.</summary>
/// <param name="Index">The layer's index (its ledger row and its counters row).</param>
/// <param name="Label">The ledger label (<c>conv1</c>, <c>relu1</c>, …).</param>
/// <param name="Function">
/// The source file's <c>static</c> function <c>(const int16_t *x, int16_t *y)</c> that runs the layer, or null for a
/// layer without code (Flatten reinterprets its input).
/// </param>
/// <param name="InputLength">Q15 values the layer reads.</param>
/// <param name="OutputLength">Q15 values the layer writes.</param>
/// <param name="Implementation">The kernel the plan chose (as the C# class's <c>LedgerLayout</c> lists it; Auto for layers without MACs).</param>
/// <param name="SourceOffset">
/// Where in the arena (<see cref="CNetworkExport.ArenaName"/>, in 16-bit elements) <c>&lt;Class&gt;_infer</c> passes the
/// layer its input <c>x</c>, or null when it passes the network's input (and for a layer without code).
/// </param>
/// <param name="TargetOffset">Where in the arena it passes the output <c>y</c> (null for a layer without code).</param>
/// <param name="Written">The arena elements the layer writes: its output, and the accumulators a scatter layer's output overlays (null for a layer without code).</param>
public sealed record CLayerExport(
    int Index, string Label, string? Function, int InputLength, int OutputLength, KernelImplementation Implementation, int? SourceOffset, int? TargetOffset,
    ArenaRange? Written);

/// <summary>A run of 16-bit arena elements.</summary>
/// <param name="Start">The first element.</param>
/// <param name="Length">How many.</param>
public readonly record struct ArenaRange(int Start, int Length)
{
    /// <summary>One past the last element.</summary>
    public int End => Start + Length;
}
