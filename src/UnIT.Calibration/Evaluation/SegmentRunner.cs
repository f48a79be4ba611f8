using UnIT.Collections;
using UnIT.Interpreter;
using UnIT.Ledger;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;

namespace UnIT.Calibration.Evaluation;

/// <summary>
/// One segment of a network (a contiguous run of layers, at most one conv/dense layer among them) as a network of
/// its own, with one reference interpreter per kernel implementation to be priced. Running a segment on the cached
/// output of the segment before it gives exactly what the whole network computes, so a change to one layer's
/// settings only re-runs the layers from it on.
/// </summary>
/// <remarks>
/// Exactness: in Float32 a segment's input is the previous segment's output as is. In Q15 the previous output is
/// dequantised (<c>q·2^-s</c>, exact) and the segment's declared input range is chosen so that its input scale is the
/// same <c>s</c>, so it quantises back to the same integers. A segment whose first layer reads a non-negative input
/// (after a ReLU) starts with a synthetic <c>ReLU(0)</c>, which leaves non-negative values unchanged, so that the
/// interpreter knows the input is non-negative and counts the same (unsigned) comparisons; its events are not counted.
/// Interpreters keep no per-run state, so one instance serves all threads. A run that counts nothing computes the
/// first interpreter's outputs with an <see cref="OutputRunner"/> (the same values, several times faster).
/// </remarks>
internal sealed class SegmentRunner
{
    private readonly ReferenceInterpreter[] _interpreters;
    private readonly OutputRunner? _outputs;

    private SegmentRunner(NetworkDefinition definition, int start, int end, int syntheticRows, ReferenceInterpreter[] interpreters,
        IReadOnlyList<KernelImplementation> implementations, int macRow, int[] originalLayers, OutputRunner? outputs)
    {
        _outputs = outputs;
        Definition = definition;
        Start = start;
        End = end;
        SyntheticRows = syntheticRows;
        _interpreters = interpreters;
        Implementations = implementations;
        MacRow = macRow;
        OriginalLayers = originalLayers;
    }

    /// <summary>The segment as a network of its own (its identity: equal definitions run identically).</summary>
    public NetworkDefinition Definition { get; }

    /// <summary>First layer (index into the whole network's definition).</summary>
    public int Start { get; }

    /// <summary>One past the last layer.</summary>
    public int End { get; }

    /// <summary>Leading ledger rows that are not layers of the whole network (the synthetic ReLU).</summary>
    public int SyntheticRows { get; }

    /// <summary>Implementations priced for the segment's conv/dense layer; the first one computes the outputs.</summary>
    public IReadOnlyList<KernelImplementation> Implementations { get; }

    /// <summary>The ledger row of the conv/dense layer, or −1.</summary>
    public int MacRow { get; }

    /// <summary>For every ledger row, the whole network's definition index of that layer (−1 for synthetic rows).</summary>
    public IReadOnlyList<int> OriginalLayers { get; }

    /// <summary>The interpreter of implementation <paramref name="index"/>.</summary>
    public ReferenceInterpreter Interpreter(int index) => _interpreters[index];

    /// <summary>
    /// Builds the segment <c>[start, end)</c> of <paramref name="whole"/>; <paramref name="prepared"/> is the whole
    /// network prepared with the same settings (it supplies input scales and signs). With
    /// <paramref name="outputsOnInterpreter"/>, uncounted runs take the reference interpreter too (the path before
    /// <see cref="OutputRunner"/>, kept for the benchmark and the tests that compare the two).
    /// </summary>
    public static SegmentRunner Create(
        NetworkDefinition whole, PreparedNetwork prepared, WeightFile weights, int start, int end, IReadOnlyList<KernelImplementation> implementations,
        bool outputsOnInterpreter = false)
    {
        var definition = SegmentDefinition(whole, prepared, start, end, out var synthetic);
        var network = PreparedNetwork.Prepare(definition, weights);
        var interpreters = implementations.Count == 0
            ? [new ReferenceInterpreter(network)]
            : implementations.Select(i => new ReferenceInterpreter(network, implementations: [i])).ToArray();
        var macRow = -1;
        var original = new int[network.Layers.Count];
        for (var r = 0; r < network.Layers.Count; r++)
        {
            var index = network.Layers[r].DefinitionIndex;
            original[r] = index < synthetic ? -1 : start + index - synthetic;
            if (network.Layers[r] is PreparedMacLayer)
            {
                macRow = r;
            }
        }

        return new SegmentRunner(definition, start, end, synthetic, interpreters,
            implementations.Count == 0 ? [KernelImplementation.Auto] : implementations, macRow, original,
            outputsOnInterpreter ? null : new OutputRunner(interpreters[0]));
    }

    /// <summary>The definition of segment <c>[start, end)</c> (see the class remarks for why it is exact).</summary>
    public static NetworkDefinition SegmentDefinition(NetworkDefinition whole, PreparedNetwork prepared, int start, int end, out int syntheticRows)
    {
        syntheticRows = 0;
        if (start == 0)
        {
            var layers = whole.Layers.Take(end).ToImmutableEquatableArray();
            return whole with { Name = $"{whole.Name}[0,{end})", Layers = layers };
        }

        var first = prepared.Layers.First(l => l.DefinitionIndex >= start);
        var slice = new List<LayerDefinition>();
        if (first.InputIsNonNegative)
        {
            slice.Add(new ReluLayer(0f));
            syntheticRows = 1;
        }

        slice.AddRange(whole.Layers.Skip(start).Take(end - start));
        var inputShape = NetworkShapes.Infer(whole)[start].Input;

        // A range whose Q15 scale is exactly the scale the whole network has here: 2^14 · 2^-s.
        var range = (float)Math.ScaleB(16384, -first.Quantization.InputScale);

        // A declared input normalisation is folded into the whole network's first conv/dense layer, which comes
        // before this segment: what it receives is already in the folded network's terms.
        var options = whole.Options with { InputRange = range, InputMean = 0f, InputStandardDeviation = 1f };
        return new NetworkDefinition($"{whole.Name}[{start},{end})", inputShape, slice.ToImmutableEquatableArray(), options);
    }

    /// <summary>
    /// Runs the segment on <paramref name="input"/> with every priced implementation, adding events to
    /// <paramref name="ledgers"/> (one per implementation) when given; returns the output (of the first one).
    /// </summary>
    public float[] Run(ReadOnlySpan<float> input, InferenceLedger[]? ledgers)
    {
        if (ledgers is null && _outputs is not null)
        {
            return _outputs.Run(input);
        }

        var output = _interpreters[0].Run(input, ledgers?[0]);
        if (ledgers is not null)
        {
            for (var i = 1; i < _interpreters.Length; i++)
            {
                _interpreters[i].Run(input, ledgers[i]);
            }
        }

        return output;
    }

    /// <summary>Fresh ledgers, one per priced implementation.</summary>
    public InferenceLedger[] CreateLedgers() => _interpreters.Select(i => i.CreateLedger()).ToArray();
}
