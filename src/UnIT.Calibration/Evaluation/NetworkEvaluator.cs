using UnIT.Costs;
using UnIT.Ledger;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Training.Data;

namespace UnIT.Calibration.Evaluation;

/// <summary>
/// Runs settings of one network over the calibration digits with the reference interpreter and measures accuracy and,
/// when asked, every layer's events per kernel implementation. The network is cut into segments (one per conv/dense
/// layer); the outputs of the committed settings are cached per segment and digit, so an evaluation re-runs only the
/// segments from the first one whose settings changed.
/// </summary>
/// <remarks>
/// Deterministic for any number of threads: digits are cut into fixed chunks, each chunk counts into its own ledgers,
/// and chunk results are added in chunk order (the counters are integers, so the sum is exact anyway).
/// </remarks>
internal sealed class NetworkEvaluator
{
    private const int ChunkSize = 16;
    private const int RunnerCacheCapacity = 48;

    private readonly Dataset _data;
    private readonly WeightFile _weights;
    private readonly int[] _starts;
    private readonly KernelImplementation _pricing;
    private readonly CostProfile _profile;
    private readonly ParallelOptions _parallel;
    private readonly int _pricedCount;
    private readonly bool _outputsOnInterpreter;
    private readonly Dictionary<(NetworkDefinition Definition, bool Priced), SegmentRunner> _runnerCache = [];
    private readonly SegmentRunner?[] _runners;
    private readonly float[][][] _inputs;
    private readonly SegmentCosts?[] _costs;
    private float[][]? _finalOutputs;
    private long _version;

    /// <summary>
    /// Prepares to evaluate settings of a network cut before every layer index in <paramref name="starts"/>;
    /// <paramref name="outputsOnInterpreter"/> as <see cref="SegmentRunner.Create"/> says.
    /// </summary>
    public NetworkEvaluator(
        Dataset data, WeightFile weights, IReadOnlyList<int> starts, KernelImplementation pricing, CostProfile profile, int maxDegreeOfParallelism, int pricingSamples = 0,
        bool outputsOnInterpreter = false)
    {
        _outputsOnInterpreter = outputsOnInterpreter;
        if (data.Count == 0)
        {
            throw new ArgumentException("Calibration needs at least one sample.", nameof(data));
        }

        _data = data;
        _weights = weights;
        _starts = [.. starts];
        _pricing = pricing;
        _profile = profile;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        _pricedCount = pricingSamples <= 0 ? data.Count : Math.Min(pricingSamples, data.Count);
        _runners = new SegmentRunner?[_starts.Length];
        _costs = new SegmentCosts?[_starts.Length];
        _inputs = new float[_starts.Length][][];
        _inputs[0] = Enumerable.Range(0, data.Count).Select(i => data.Sample(i).ToArray()).ToArray();
    }

    /// <summary>Number of segments.</summary>
    public int SegmentCount => _starts.Length;

    /// <summary>First layer of segment <paramref name="segment"/>.</summary>
    public int SegmentStart(int segment) => _starts[segment];

    /// <summary>The committed evaluation (null before the first commit).</summary>
    public EvaluationResult? Current { get; private set; }

    /// <summary>Number of evaluations run so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>The committed settings' input of segment <paramref name="segment"/> for every digit (segment 0: the digits).</summary>
    public IReadOnlyList<float[]> Inputs(int segment) => _inputs[segment] ?? throw new InvalidOperationException("Nothing committed yet.");

    /// <summary>The committed settings' output of segment <paramref name="segment"/> for every digit.</summary>
    public IReadOnlyList<float[]> Outputs(int segment) =>
        segment + 1 < _starts.Length ? Inputs(segment + 1) : _finalOutputs ?? throw new InvalidOperationException("Nothing committed yet.");

    /// <summary>The committed settings' runner of segment <paramref name="segment"/>.</summary>
    public SegmentRunner Runner(int segment) => _runners[segment] ?? throw new InvalidOperationException("Nothing committed yet.");

    /// <summary>
    /// Evaluates <paramref name="definition"/> (the same network with other settings) on the calibration digits;
    /// <paramref name="priced"/> also counts events for every implementation to be priced.
    /// </summary>
    public EvaluationResult Evaluate(NetworkDefinition definition, bool priced)
    {
        var prepared = PreparedNetwork.Prepare(definition, _weights);
        var segments = _starts.Length;
        var definitions = new NetworkDefinition[segments];
        var from = segments;
        for (var s = 0; s < segments; s++)
        {
            var end = s + 1 < segments ? _starts[s + 1] : definition.Layers.Count;
            definitions[s] = SegmentRunner.SegmentDefinition(definition, prepared, _starts[s], end, out _);
            var committed = _runners[s];
            if (from == segments && (committed is null || !committed.Definition.Equals(definitions[s]) || (priced && _costs[s] is null)))
            {
                from = s;
            }
        }

        if (from == segments && Current is not null)
        {
            return Current with { Definition = definition };
        }

        var runners = new SegmentRunner[segments - from];
        for (var s = from; s < segments; s++)
        {
            var end = s + 1 < segments ? _starts[s + 1] : definition.Layers.Count;
            runners[s - from] = RunnerFor(definition, prepared, definitions[s], s, end, priced);
        }

        Evaluations++;
        return Run(definition, from, runners, priced);
    }

    /// <summary>Makes <paramref name="evaluation"/> the committed state (it must have been made from the current one).</summary>
    public void Commit(EvaluationResult evaluation)
    {
        if (evaluation.BaseVersion != _version)
        {
            throw new InvalidOperationException("The evaluation was made from settings that have since changed; evaluate again.");
        }

        for (var s = evaluation.From; s < _starts.Length; s++)
        {
            _runners[s] = evaluation.Runners[s - evaluation.From];
            _costs[s] = evaluation.Costs[s - evaluation.From];
            if (s > evaluation.From)
            {
                _inputs[s] = evaluation.Outputs[s - evaluation.From - 1];
            }
        }

        _finalOutputs = evaluation.Outputs[^1];
        _version++;
        Current = evaluation with { BaseVersion = _version };
    }

    private SegmentRunner RunnerFor(NetworkDefinition whole, PreparedNetwork prepared, NetworkDefinition segment, int index, int end, bool priced)
    {
        var committed = _runners[index];
        if (committed is not null && committed.Definition.Equals(segment) && (!priced || committed.Implementations.Count == PricedImplementations(prepared, index, end).Count))
        {
            return committed;
        }

        if (_runnerCache.TryGetValue((segment, priced), out var cached))
        {
            return cached;
        }

        if (_runnerCache.Count >= RunnerCacheCapacity)
        {
            _runnerCache.Clear();
        }

        var implementations = PricedImplementations(prepared, index, end);
        var runner = SegmentRunner.Create(whole, prepared, _weights, _starts[index], end, priced ? implementations : implementations.Take(1).ToArray(), _outputsOnInterpreter);
        _runnerCache[(segment, priced)] = runner;
        return runner;
    }

    /// <summary>
    /// The implementations a segment's conv/dense layer is priced with: a forced one (the layer's, else the options'),
    /// or every one it supports, Dense first when its threshold is 0 (Dense computes the same outputs then).
    /// </summary>
    private IReadOnlyList<KernelImplementation> PricedImplementations(PreparedNetwork prepared, int segment, int end)
    {
        var mac = prepared.MacLayers.FirstOrDefault(m => m.DefinitionIndex >= _starts[segment] && m.DefinitionIndex < end);
        if (mac is null)
        {
            return [];
        }

        if (mac.RequestedImplementation != KernelImplementation.Auto)
        {
            return [mac.RequestedImplementation];
        }

        if (_pricing != KernelImplementation.Auto)
        {
            var forced = _pricing is KernelImplementation.Sorted or KernelImplementation.Bucketed && !mac.SupportsScatterKernels ? KernelImplementation.Gather : _pricing;
            return [forced];
        }

        var list = new List<KernelImplementation>();
        if (!mac.HasThreshold)
        {
            list.Add(KernelImplementation.Dense);
        }

        if (mac.SupportsScatterKernels)
        {
            list.Add(KernelImplementation.Bucketed);
            list.Add(KernelImplementation.Sorted);
        }

        list.Add(KernelImplementation.Gather);
        return list;
    }

    private EvaluationResult Run(NetworkDefinition definition, int from, SegmentRunner[] runners, bool priced)
    {
        var count = _data.Count;
        var segments = _starts.Length;
        var outputs = new float[segments - from][][];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = new float[count][];
        }

        var predictions = new int[count];
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var chunkLedgers = new InferenceLedger[chunks][][];
        var source = _inputs[from];
        Parallel.For(0, chunks, _parallel, chunk =>
        {
            var ledgers = priced ? runners.Select(r => r.CreateLedgers()).ToArray() : null;
            var last = Math.Min(count, (chunk + 1) * ChunkSize);
            for (var d = chunk * ChunkSize; d < last; d++)
            {
                var x = source[d];
                var counted = d < _pricedCount ? ledgers : null;
                for (var s = 0; s < runners.Length; s++)
                {
                    x = runners[s].Run(x, counted?[s]);
                    outputs[s][d] = x;
                }

                predictions[d] = ArgMax(x);
            }

            if (ledgers is not null)
            {
                chunkLedgers[chunk] = ledgers;
            }
        });

        var correct = 0;
        for (var d = 0; d < count; d++)
        {
            if (predictions[d] == _data.Label(d))
            {
                correct++;
            }
        }

        var costs = new SegmentCosts?[runners.Length];
        if (priced)
        {
            for (var s = 0; s < runners.Length; s++)
            {
                var totals = runners[s].CreateLedgers();
                for (var chunk = 0; chunk < chunks; chunk++)
                {
                    for (var i = 0; i < totals.Length; i++)
                    {
                        totals[i].Add(chunkLedgers[chunk][s][i]);
                    }
                }

                costs[s] = SegmentCosts.From(runners[s], totals, _profile);
            }
        }

        var all = new SegmentCosts?[segments];
        for (var s = 0; s < segments; s++)
        {
            all[s] = s < from ? _costs[s] : costs[s - from];
        }

        return new EvaluationResult(definition, from, runners, outputs, costs, predictions, correct, count, _pricedCount, _version, all);
    }

    /// <summary>The index of the first largest value (as <c>Predict</c> does).</summary>
    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
