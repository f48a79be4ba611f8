using UnIT.Calibration.Evaluation;
using UnIT.Collections;
using UnIT.Costs;
using UnIT.Model;
using UnIT.Preparation;
using UnIT.Training.Data;

namespace UnIT.Calibration;

/// <summary>
/// One calibration run: the state the searches share and the order of the steps. Each step is a
/// <c>CalibrationRun.*.cs</c> file named for what it does; the T search is <see cref="ThresholdSearch"/>.
/// </summary>
internal sealed partial class CalibrationRun
{
    /// <summary>The calibrator that started the run (the declared network and its weights).</summary>
    internal Calibrator Owner { get; }

    /// <summary>The calibration digits.</summary>
    internal Dataset Data { get; }

    private readonly Dataset? _confirmation;
    private readonly Action<CalibrationProgress>? _progress;
    /// <summary>The options the run follows.</summary>
    internal CalibrationOptions Options { get; }

    private readonly NetworkDefinition _declared;
    private readonly CostProfile _profile;
    /// <summary>Every step tried so far, for the log.</summary>
    internal List<CalibrationStep> Steps { get; } = [];

    private readonly Dictionary<int, float> _theta = [];
    /// <summary>The current T of every threshold group, by conv/dense layer index.</summary>
    internal Dictionary<int, float[]> Thresholds { get; } = [];

    /// <summary>Output channels per threshold group, by conv/dense layer index (0: one group for the layer).</summary>
    internal Dictionary<int, int> GroupSizes { get; } = [];

    private readonly Dictionary<int, float> _outputRanges = [];
    /// <summary>The indices of the conv/dense layers.</summary>
    internal int[] MacLayers { get; }

    private float _inputRange;
    private NetworkEvaluator? _evaluator;
    private AccuracyLoss? _loss;
    /// <summary>How many evaluations the run has made.</summary>
    internal int Evaluations { get; private set; }

    private int _estimate;

    public CalibrationRun(Calibrator owner, Dataset data, Dataset? confirmation, Action<CalibrationProgress>? progress)
    {
        Owner = owner;
        Data = data;
        _confirmation = confirmation;
        _progress = progress;
        Options = owner.Options;
        _declared = owner.Definition;
        _profile = CostProfile.For(_declared.Options.Profile);
        MacLayers = Enumerable.Range(0, _declared.Layers.Count).Where(i => _declared.Layers[i] is PrunableLayer).ToArray();
        for (var i = 0; i < _declared.Layers.Count; i++)
        {
            switch (_declared.Layers[i])
            {
                case ReluLayer relu:
                    _theta[i] = Options.SearchActivationThresholds ? 0f : relu.ActivationThreshold;
                    break;
                case PrunableLayer prunable:
                    GroupSizes[i] = Calibrator.GroupSizeFor(prunable, Options);
                    Thresholds[i] = new float[GroupSizes[i] == 0 ? 1 : prunable.OutputChannels / GroupSizes[i]];
                    break;
            }
        }
    }

    /// <summary>Runs the network on the calibration digits (set once the reference has run).</summary>
    internal NetworkEvaluator Evaluator => _evaluator!;

    public CalibrationResult Execute()
    {
        var searchedRelus = SearchableRelus();
        var groups = Thresholds.Sum(t => t.Value.Length);
        _estimate = 2 + (searchedRelus.Count * (3 + Options.ActivationBisectionSteps)) + (groups * (6 + Options.ThresholdBisectionSteps));

        MeasureRanges();
        var starts = (MacLayers.Length == 0 || MacLayers[0] != 0 ? new[] { 0 } : []).Concat(MacLayers).ToArray();
        _evaluator = new NetworkEvaluator(Data, Owner.Weights, starts, Options.Implementation, _profile, Options.MaxDegreeOfParallelism, Options.PricingSamples, Options.OutputsOnInterpreter);
        var referenceDefinition = Current();
        var reference = Evaluate(referenceDefinition, priced: true);
        Evaluator.Commit(reference);
        Report(CalibrationPhase.Reference, "reference: plain ReLUs, UnIT off", reference);

        _loss = new AccuracyLoss(Data, reference);
        var unitOff = (Thresholds: Thresholds.ToDictionary(p => p.Key, p => p.Value.ToArray()), Theta: new Dictionary<int, float>(_theta));
        foreach (var relu in searchedRelus)
        {
            SearchActivationThreshold(relu);
        }

        if (Options.SearchThresholds)
        {
            new ThresholdSearch(this, Options.AccuracyBudgetPoints).Execute();
        }
        else
        {
            KeepDeclaredThresholds();
        }

        var confirmation = _confirmation is not null && (Options.SearchThresholds || searchedRelus.Count > 0)
            ? Confirm(_confirmation, referenceDefinition, starts)
            : ((double? LossPoints, double Scale))(null, 1);

        var final = Evaluate(Current(), priced: true);
        if ((Options.SearchThresholds || searchedRelus.Count > 0) && final.Cycles > reference.Cycles)
        {
            TurnUnitOff(unitOff.Thresholds, unitOff.Theta, reference, final);
            final = Evaluate(Current(), priced: true);
        }

        Evaluator.Commit(final);
        Report(CalibrationPhase.Statistics, "measuring input statistics with the chosen settings", final);
        var data = BuildData(reference, final);
        var definition = Current();
        var labels = Enumerable.Range(0, definition.Layers.Count).ToDictionary(i => i, definition.LayerLabel);
        var result = new CalibrationResult(
            data,
            definition,
            reference.AccuracyPercent,
            final.AccuracyPercent,
            reference.Cycles,
            final.Cycles,
            reference.Macs,
            final.Macs,
            PreparedNetwork.Prepare(definition, Owner.Weights).MacLayers.Sum(m => m.Geometry.DenseMacs),
            final.Implementations().ToDictionary(p => labels[p.Key], p => p.Value, StringComparer.Ordinal),
            final.LayerEvents().OrderBy(p => p.Key).ToDictionary(p => labels[p.Key], p => p.Value, StringComparer.Ordinal),
            final.PricedCount,
            Steps,
            Evaluations)
        {
            ConfirmationLossPoints = confirmation.LossPoints,
            ConfirmationScale = confirmation.Scale,
        };
        Report(CalibrationPhase.Done, FormattableString.Invariant($"done: {final.AccuracyPercent:0.00} % (reference {reference.AccuracyPercent:0.00} %), {final.Cycles:N0} cycles (reference {reference.Cycles:N0})"), final);
        return result;
    }

    /// <summary>The reference ran with UnIT off; a run that searches nothing then prices the declared T.</summary>
    private void KeepDeclaredThresholds()
    {
        foreach (var i in MacLayers)
        {
            var layer = (PrunableLayer)_declared.Layers[i];
            var groups = Thresholds[i];
            var declared = layer.Pruning.GroupThresholds;
            for (var g = 0; g < groups.Length; g++)
            {
                groups[g] = declared.Count == groups.Length ? declared[g] : _declared.LayerThreshold(layer);
            }
        }
    }

    /// <summary>ReLUs followed by a conv/dense layer (only they can make a later layer skip), last first.</summary>
    private List<int> SearchableRelus() =>
        !Options.SearchActivationThresholds
            ? []
            : _theta.Keys.Where(r => MacLayers.Any(m => m > r)).OrderByDescending(r => r).ToList();

    /// <summary>The declared network with the current θ, T and ranges.</summary>
    internal NetworkDefinition Current()
    {
        var layers = new List<LayerDefinition>();
        for (var i = 0; i < _declared.Layers.Count; i++)
        {
            var layer = _declared.Layers[i];
            switch (layer)
            {
                case ReluLayer:
                    layers.Add(new ReluLayer(_theta[i]));
                    break;
                case PrunableLayer prunable:
                    var groups = Thresholds[i];
                    var pruning = prunable.Pruning with
                    {
                        Threshold = groups.Max(),
                        GroupSize = groups.Length == 1 ? 0 : GroupSizes[i],
                        GroupThresholds = groups.Length == 1 ? ImmutableEquatableArray<float>.Empty : groups.ToImmutableEquatableArray(),
                        OutputRange = prunable.Pruning.OutputRange ?? (_outputRanges.TryGetValue(i, out var r) ? r : null),
                    };
                    layers.Add(prunable switch
                    {
                        ConvolutionLayer conv => conv with { Pruning = pruning },
                        DenseLayer dense => dense with { Pruning = pruning },
                        _ => prunable,
                    });
                    break;
                default:
                    layers.Add(layer);
                    break;
            }
        }

        var options = _declared.Options.InputRange is null && _inputRange > 0 ? _declared.Options with { InputRange = _inputRange } : _declared.Options;
        return _declared with { Layers = layers.ToImmutableEquatableArray(), Options = options };
    }

    /// <summary>What <paramref name="evaluation"/> costs on the calibration digits, as <see cref="CalibrationOptions.SearchLoss"/> counts it.</summary>
    internal double LossPoints(EvaluationResult evaluation) => _loss!.Points(evaluation, Options.SearchLoss);

    internal EvaluationResult Evaluate(NetworkDefinition definition, bool priced)
    {
        var before = Evaluator.Evaluations;
        var evaluation = Evaluator.Evaluate(definition, priced);
        Evaluations += Evaluator.Evaluations - before;
        return evaluation;
    }

    internal void Report(CalibrationPhase phase, string message, EvaluationResult? evaluation)
    {
        if (_progress is null)
        {
            return;
        }

        _estimate = Math.Max(_estimate, Evaluations + 1);
        var cycles = evaluation is { IsPriced: true } ? evaluation.Cycles : 0;
        _progress(new CalibrationProgress(phase, message, Evaluations, phase == CalibrationPhase.Done ? Evaluations : _estimate, evaluation?.AccuracyPercent ?? 0, cycles));
    }

    internal int SegmentOf(int layer)
    {
        for (var s = Evaluator.SegmentCount - 1; s >= 0; s--)
        {
            if (Evaluator.SegmentStart(s) <= layer)
            {
                return s;
            }
        }

        return 0;
    }
}
