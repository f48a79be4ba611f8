using UnIT.Calibration.Evaluation;
using UnIT.Collections;
using UnIT.Costs;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Training.Data;

namespace UnIT.Calibration;

/// <summary>
/// Chooses a network's activation thresholds θ and UnIT thresholds T on calibration data (never the test data):
/// θ by the paper's search (start at 1, double while the accuracy stays within <see cref="CalibrationOptions.ActivationBudgetPoints"/>
/// of the reference, then bisect; last ReLU first), then T per conv/dense layer and threshold group by a greedy search
/// that takes, step by step, the change that saves the most emulated cycles per accuracy point lost, until no step fits
/// the budget. Cycles come from the reference interpreter's ledger priced with the network's cost profile, so a
/// threshold that saves MACs but costs more comparisons than it saves does not pay. The design is in
/// <c>docs/calibration.md</c>.
/// </summary>
public sealed class Calibrator
{
    /// <summary>Prepares to calibrate <paramref name="definition"/> (its format, profile and division) with <paramref name="weights"/>.</summary>
    public Calibrator(NetworkDefinition definition, WeightFile weights, CalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(weights);
        Options = options ?? CalibrationOptions.Default;
        Options.Validate();
        Definition = definition;
        Weights = weights;
        PreparedNetwork.Prepare(definition, weights); // fail early, with the binding's own message
    }

    /// <summary>The network as declared.</summary>
    public NetworkDefinition Definition { get; }

    /// <summary>Its weights.</summary>
    public WeightFile Weights { get; }

    /// <summary>The options.</summary>
    public CalibrationOptions Options { get; }

    /// <summary>
    /// Calibrates on <paramref name="data"/>, reporting progress after every evaluation. With
    /// <paramref name="confirmation"/> (other held-out digits, never test digits), the chosen settings are then checked
    /// there and scaled back until they fit the budget on those digits too: a search that tries many settings on the
    /// same digits fits their noise, and an independent check keeps that from spending the budget.
    /// </summary>
    public CalibrationResult Calibrate(Dataset data, Action<CalibrationProgress>? progress = null, Dataset? confirmation = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var (set, name) in new[] { (data, nameof(data)), (confirmation, nameof(confirmation)) })
        {
            if (set is not null && set.SampleSize != Definition.InputShape.ElementCount)
            {
                throw new ArgumentException($"The samples have {set.SampleSize} values but network '{Definition.Name}' takes {Definition.InputShape.ElementCount} ({Definition.InputShape}).", name);
            }
        }

        var run = new Run(this, data, confirmation, progress);
        return run.Execute();
    }

    /// <summary>The group size a conv/dense layer is calibrated with (options, then declaration, then default).</summary>
    public static int GroupSizeFor(PrunableLayer layer, CalibrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(options);
        var channels = layer.OutputChannels;
        int size;
        if (options.GroupSizes.TryGetValue(layer.Name, out var requested))
        {
            size = requested;
        }
        else if (layer.Pruning.GroupSize > 0)
        {
            size = layer.Pruning.GroupSize;
        }
        else
        {
            var preferred = layer is DenseLayer ? options.DefaultDenseGroupSize : options.DefaultConvolutionGroupSize;
            size = preferred <= 0 ? 0 : Enumerable.Range(1, Math.Min(preferred, channels)).Last(d => channels % d == 0);
        }

        if (size < 0 || (size > 0 && channels % size != 0))
        {
            throw new ArgumentException($"Group size {size} for layer '{layer.Name}' does not divide its {channels} output channels; use a divisor of {channels}.", nameof(options));
        }

        return size == channels ? 0 : size;
    }

    /// <summary>One calibration run (the state of the searches).</summary>
    private sealed class Run
    {
        private readonly Calibrator _owner;
        private readonly Dataset _data;
        private readonly Dataset? _confirmation;
        private readonly Action<CalibrationProgress>? _progress;
        private readonly CalibrationOptions _options;
        private readonly NetworkDefinition _declared;
        private readonly CostProfile _profile;
        private readonly List<CalibrationStep> _steps = [];
        private readonly Dictionary<int, float> _theta = [];
        private readonly Dictionary<int, float[]> _thresholds = [];
        private readonly Dictionary<int, int> _groupSizes = [];
        private readonly Dictionary<int, float> _outputRanges = [];
        private readonly int[] _macLayers;
        private float _inputRange;
        private NetworkEvaluator? _evaluator;
        private AccuracyLoss? _loss;
        private int _evaluations;
        private int _estimate;

        public Run(Calibrator owner, Dataset data, Dataset? confirmation, Action<CalibrationProgress>? progress)
        {
            _owner = owner;
            _data = data;
            _confirmation = confirmation;
            _progress = progress;
            _options = owner.Options;
            _declared = owner.Definition;
            _profile = CostProfile.For(_declared.Options.Profile);
            _macLayers = Enumerable.Range(0, _declared.Layers.Count).Where(i => _declared.Layers[i] is PrunableLayer).ToArray();
            for (var i = 0; i < _declared.Layers.Count; i++)
            {
                switch (_declared.Layers[i])
                {
                    case ReluLayer relu:
                        _theta[i] = _options.SearchActivationThresholds ? 0f : relu.ActivationThreshold;
                        break;
                    case PrunableLayer prunable:
                        _groupSizes[i] = GroupSizeFor(prunable, _options);
                        _thresholds[i] = new float[_groupSizes[i] == 0 ? 1 : prunable.OutputChannels / _groupSizes[i]];
                        break;
                }
            }
        }

        private NetworkEvaluator Evaluator => _evaluator!;

        public CalibrationResult Execute()
        {
            var searchedRelus = SearchableRelus();
            var groups = _thresholds.Sum(t => t.Value.Length);
            _estimate = 2 + (searchedRelus.Count * (3 + _options.ActivationBisectionSteps)) + (groups * (6 + _options.ThresholdBisectionSteps));

            MeasureRanges();
            var starts = (_macLayers.Length == 0 || _macLayers[0] != 0 ? new[] { 0 } : []).Concat(_macLayers).ToArray();
            _evaluator = new NetworkEvaluator(_data, _owner.Weights, starts, _options.Implementation, _profile, _options.MaxDegreeOfParallelism, _options.PricingSamples);
            var referenceDefinition = Current();
            var reference = Evaluate(referenceDefinition, priced: true);
            Evaluator.Commit(reference);
            Report(CalibrationPhase.Reference, "reference: plain ReLUs, UnIT off", reference);

            _loss = new AccuracyLoss(_data, reference);
            foreach (var relu in searchedRelus)
            {
                SearchActivationThreshold(relu);
            }

            if (_options.SearchThresholds)
            {
                new ThresholdSearch(this, _options.AccuracyBudgetPoints).Execute();
            }
            else
            {
                KeepDeclaredThresholds();
            }

            var confirmation = _confirmation is not null && (_options.SearchThresholds || searchedRelus.Count > 0)
                ? Confirm(_confirmation, referenceDefinition, starts)
                : ((double? LossPoints, double Scale))(null, 1);

            var final = Evaluate(Current(), priced: true);
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
                PreparedNetwork.Prepare(definition, _owner.Weights).MacLayers.Sum(m => m.Geometry.DenseMacs),
                final.Implementations().ToDictionary(p => labels[p.Key], p => p.Value, StringComparer.Ordinal),
                final.LayerEvents().OrderBy(p => p.Key).ToDictionary(p => labels[p.Key], p => p.Value, StringComparer.Ordinal),
                final.PricedCount,
                _steps,
                _evaluations)
            {
                ConfirmationLossPoints = confirmation.LossPoints,
                ConfirmationScale = confirmation.Scale,
            };
            Report(CalibrationPhase.Done, FormattableString.Invariant($"done: {final.AccuracyPercent:0.00} % (reference {reference.AccuracyPercent:0.00} %), {final.Cycles:N0} cycles (reference {reference.Cycles:N0})"), final);
            return result;
        }

        /// <summary>
        /// Checks the chosen settings on the confirmation digits (digits flipped against the same reference settings, the
        /// strict count whatever <see cref="CalibrationOptions.SearchLoss"/> is) and, while they exceed the budget there,
        /// scales every chosen θ and T together by 0.9, 0.8, …, 0. Smaller thresholds skip fewer products, so this only
        /// gives back savings; nothing is searched on these digits.
        /// </summary>
        private (double? LossPoints, double Scale) Confirm(Dataset confirmation, NetworkDefinition referenceDefinition, int[] starts)
        {
            var checker = new NetworkEvaluator(confirmation, _owner.Weights, starts, _options.Implementation, _profile, _options.MaxDegreeOfParallelism);
            var loss = new AccuracyLoss(confirmation, checker.Evaluate(referenceDefinition, priced: false));
            _evaluations++;
            var chosenThresholds = _thresholds.ToDictionary(p => p.Key, p => p.Value.ToArray());
            var chosenTheta = new Dictionary<int, float>(_theta);
            var budget = _options.AccuracyBudgetPoints;
            for (var step = 10; ; step--)
            {
                var factor = step / 10.0;
                foreach (var (layer, groups) in chosenThresholds)
                {
                    _thresholds[layer] = groups.Select(t => (float)(t * factor)).ToArray();
                }

                foreach (var (relu, theta) in chosenTheta)
                {
                    _theta[relu] = (float)(theta * factor);
                }

                var evaluation = checker.Evaluate(Current(), priced: false);
                _evaluations++;
                var lost = loss.FlippedPoints(evaluation);
                var ok = lost <= budget;
                _steps.Add(new CalibrationStep(CalibrationPhase.Confirmation, "every θ and T", 0, (float)factor, double.NaN, evaluation.AccuracyPercent, double.NaN, ok,
                    FormattableString.Invariant($"confirmation digits: {lost:0.00} points lost, {(ok ? "within" : "beyond")} budget")));
                Report(CalibrationPhase.Confirmation, FormattableString.Invariant($"confirmation: every θ and T x {factor:0.##} → {lost:0.00} points lost ({(ok ? "within" : "beyond")} budget)"), evaluation);
                if (ok || step == 0)
                {
                    return (lost, factor);
                }
            }
        }

        /// <summary>The reference ran with UnIT off; a run that searches nothing then prices the declared T.</summary>
        private void KeepDeclaredThresholds()
        {
            foreach (var i in _macLayers)
            {
                var layer = (PrunableLayer)_declared.Layers[i];
                var groups = _thresholds[i];
                var declared = layer.Pruning.GroupThresholds;
                for (var g = 0; g < groups.Length; g++)
                {
                    groups[g] = declared.Count == groups.Length ? declared[g] : _declared.LayerThreshold(layer);
                }
            }
        }

        /// <summary>ReLUs followed by a conv/dense layer (only they can make a later layer skip), last first.</summary>
        private List<int> SearchableRelus() =>
            !_options.SearchActivationThresholds
                ? []
                : _theta.Keys.Where(r => _macLayers.Any(m => m > r)).OrderByDescending(r => r).ToList();

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
                        var groups = _thresholds[i];
                        var pruning = prunable.Pruning with
                        {
                            Threshold = groups.Max(),
                            GroupSize = groups.Length == 1 ? 0 : _groupSizes[i],
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

        /// <summary>
        /// Largest |input| and |conv/dense output| over the calibration digits, in Float32 with plain ReLUs and UnIT off,
        /// times the margin. Declared ranges are kept for the search; the file always gets the measured ones.
        /// </summary>
        private void MeasureRanges()
        {
            var reference = Current();
            var floating = reference with { Options = reference.Options with { Format = NumberFormat.Float32 } };
            var ends = new List<int>();
            foreach (var m in _macLayers)
            {
                var end = m + 1 < floating.Layers.Count && floating.Layers[m + 1] is BatchNormLayer ? m + 2 : m + 1;
                ends.Add(end);
            }

            var starts = new[] { 0 }.Concat(ends.Where(e => e < floating.Layers.Count)).Distinct().ToArray();
            var evaluator = new NetworkEvaluator(_data, _owner.Weights, starts, KernelImplementation.Auto, _profile, _options.MaxDegreeOfParallelism);
            var evaluation = evaluator.Evaluate(floating, priced: false);
            evaluator.Commit(evaluation);
            _evaluations++;
            _inputRange = Margin(evaluator.Inputs(0));
            for (var k = 0; k < _macLayers.Length; k++)
            {
                var segment = Array.IndexOf(starts, ends[k]) - 1;
                _outputRanges[_macLayers[k]] = Margin(evaluator.Outputs(segment < 0 ? starts.Length - 1 : segment));
            }

            Report(CalibrationPhase.Ranges, FormattableString.Invariant($"ranges: input {_inputRange:G4}, outputs {string.Join(", ", _macLayers.Select(m => $"{_declared.LayerLabel(m)} {_outputRanges[m]:G4}"))}"), evaluation);
        }

        private float Margin(IReadOnlyList<float[]> values)
        {
            var max = 0f;
            foreach (var row in values)
            {
                foreach (var v in row)
                {
                    max = Math.Max(max, Math.Abs(v));
                }
            }

            return max == 0 ? 1f : (float)(max * _options.RangeMargin);
        }

        /// <summary>The paper's θ search for one ReLU: double from the initial value while within budget, then bisect.</summary>
        private void SearchActivationThreshold(int relu)
        {
            var budget = _options.ActivationBudgetPoints;
            var label = _declared.LayerLabel(relu);
            var low = 0f;
            float? high = null;
            EvaluationResult? best = null;
            var theta = _options.InitialActivationThreshold;
            for (var doubling = 0; ; doubling++)
            {
                var evaluation = TryTheta(relu, theta, budget, label, "doubling", out var ok);
                if (!ok)
                {
                    high = theta;
                    break;
                }

                (low, best) = (theta, evaluation);
                if (doubling == _options.MaxActivationDoublings)
                {
                    break;
                }

                theta *= 2;
            }

            for (var b = 0; high is { } h && b < _options.ActivationBisectionSteps; b++)
            {
                var middle = (low + h) / 2;
                var evaluation = TryTheta(relu, middle, budget, label, "bisection", out var ok);
                if (ok)
                {
                    (low, best) = (middle, evaluation);
                }
                else
                {
                    high = middle;
                }
            }

            _theta[relu] = low;
            if (best is not null)
            {
                Evaluator.Commit(best);
            }

            Report(CalibrationPhase.ActivationThresholds, FormattableString.Invariant($"{label}: θ = {low:G4}"), Evaluator.Current!);
        }

        private EvaluationResult TryTheta(int relu, float theta, double budget, string label, string kind, out bool ok)
        {
            var previous = _theta[relu];
            _theta[relu] = theta;
            var evaluation = Evaluate(Current(), priced: false);
            _theta[relu] = previous;
            ok = LossPoints(evaluation) <= budget;
            _steps.Add(new CalibrationStep(CalibrationPhase.ActivationThresholds, label, 0, theta, double.NaN, evaluation.AccuracyPercent, double.NaN, ok, kind));
            Report(CalibrationPhase.ActivationThresholds, FormattableString.Invariant($"{label}: θ = {theta:G4} → {evaluation.AccuracyPercent:0.00} % ({(ok ? "within" : "beyond")} budget)"), evaluation);
            return evaluation;
        }

        /// <summary>What <paramref name="evaluation"/> costs on the calibration digits, as <see cref="CalibrationOptions.SearchLoss"/> counts it.</summary>
        internal double LossPoints(EvaluationResult evaluation) => _loss!.Points(evaluation, _options.SearchLoss);

        internal EvaluationResult Evaluate(NetworkDefinition definition, bool priced)
        {
            var before = Evaluator.Evaluations;
            var evaluation = Evaluator.Evaluate(definition, priced);
            _evaluations += Evaluator.Evaluations - before;
            return evaluation;
        }

        internal void Report(CalibrationPhase phase, string message, EvaluationResult? evaluation)
        {
            if (_progress is null)
            {
                return;
            }

            _estimate = Math.Max(_estimate, _evaluations + 1);
            var cycles = evaluation is { IsPriced: true } ? evaluation.Cycles : 0;
            _progress(new CalibrationProgress(phase, message, _evaluations, phase == CalibrationPhase.Done ? _evaluations : _estimate, evaluation?.AccuracyPercent ?? 0, cycles));
        }

        private CalibrationData BuildData(EvaluationResult reference, EvaluationResult final)
        {
            var definition = Current();
            var layers = new List<CalibratedLayer>();
            for (var i = 0; i < definition.Layers.Count; i++)
            {
                var label = definition.LayerLabel(i);
                switch (definition.Layers[i])
                {
                    case ReluLayer relu:
                        layers.Add(new CalibratedLayer(label, null, 0, ImmutableEquatableArray<float>.Empty, relu.ActivationThreshold, null, null, ImmutableEquatableArray<float>.Empty));
                        break;
                    case PrunableLayer:
                        var groups = _thresholds[i];
                        var (zero, magnitudes) = InputStatistics(i);
                        layers.Add(new CalibratedLayer(
                            label,
                            groups.Max(),
                            groups.Length == 1 ? 0 : _groupSizes[i],
                            groups.Length == 1 ? ImmutableEquatableArray<float>.Empty : groups.ToImmutableEquatableArray(),
                            null,
                            _outputRanges[i],
                            zero,
                            magnitudes));
                        break;
                }
            }

            return new CalibrationData(
                _options.NetworkName ?? _declared.Name,
                _declared.Options.Format,
                _declared.Options.Profile,
                _declared.Options.Division,
                _inputRange,
                _options.AccuracyBudgetPoints,
                reference.Correct / (double)reference.Count,
                final.Correct / (double)final.Count,
                _data.Count,
                layers.ToImmutableEquatableArray())
            {
                InputMean = _declared.Options.InputMean,
                InputStandardDeviation = _declared.Options.InputStandardDeviation,
            };
        }

        /// <summary>Zero share and quantiles of non-zero |input| of conv/dense layer <paramref name="layer"/> (committed settings).</summary>
        private (double Zero, ImmutableEquatableArray<float> Magnitudes) InputStatistics(int layer)
        {
            var inputs = Evaluator.Inputs(SegmentOf(layer));
            long total = 0, zeros = 0;
            var magnitudes = new List<float>();
            foreach (var row in inputs)
            {
                foreach (var v in row)
                {
                    total++;
                    if (v == 0f)
                    {
                        zeros++;
                    }
                    else
                    {
                        magnitudes.Add(Math.Abs(v));
                    }
                }
            }

            magnitudes.Sort();
            var q = _options.MagnitudeQuantiles;
            var quantiles = magnitudes.Count == 0
                ? ImmutableEquatableArray<float>.Empty
                : Enumerable.Range(0, q).Select(i => magnitudes[Math.Min(magnitudes.Count - 1, (int)((i + 0.5) * magnitudes.Count / q))]).ToImmutableEquatableArray();
            return (total == 0 ? 0 : zeros / (double)total, quantiles);
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

        /// <summary>The greedy search of T (docs/calibration.md, "Thresholds").</summary>
        private sealed class ThresholdSearch
        {
            private readonly Run _run;
            private readonly double _budget;
            private readonly List<Group> _groups = [];
            private readonly List<Move> _moves = [];

            public ThresholdSearch(Run run, double budget)
            {
                _run = run;
                _budget = budget;
            }

            public void Execute()
            {
                var run = _run;
                var current = run.Evaluate(run.Current(), priced: true);
                run.Evaluator.Commit(current);
                BuildMoves();
                run.Report(CalibrationPhase.Thresholds, FormattableString.Invariant($"threshold search: {_groups.Count} groups, {_moves.Count} moves, budget {_budget:0.##} points"), current);

                while (run._evaluations < run._options.MaxEvaluations)
                {
                    foreach (var move in _moves.Where(m => !m.Retired && m.Candidate is null))
                    {
                        Propose(move, move.NextShare(), "proposed");
                    }

                    var open = _moves.Where(m => !m.Retired && m.Candidate is not null).ToList();
                    if (open.Count == 0)
                    {
                        break;
                    }

                    current = run.Evaluator.Current!;
                    var best = open.OrderByDescending(m => Score(m.Candidate!, current)).ThenBy(m => m.Index).First();
                    var candidate = best.Candidate!;
                    if (candidate.Evaluation.BaseVersion != current.BaseVersion)
                    {
                        // Lazy greedy: the score was measured against older settings; measure again, then choose again.
                        best.Candidate = null;
                        Propose(best, candidate.Share, "re-evaluated (settings changed)");
                        continue;
                    }

                    run.Evaluator.Commit(candidate.Evaluation);
                    foreach (var (group, threshold) in candidate.Thresholds)
                    {
                        run._thresholds[group.Layer][group.Position] = threshold;
                        group.Share = Math.Max(group.Share, candidate.Share);
                    }

                    best.Candidate = null;
                    Log(best, candidate, "accepted");
                    if (candidate.FromBisection)
                    {
                        best.Retired = true;
                    }
                }
            }

            private bool Feasible(Candidate candidate) => _run.LossPoints(candidate.Evaluation) <= _budget;

            /// <summary>Cycles saved per accuracy point lost against <paramref name="current"/> (a loss under half a digit counts as half a digit).</summary>
            private double Score(Candidate candidate, EvaluationResult current)
            {
                var gain = current.Cycles - candidate.Evaluation.Cycles;
                var loss = _run.LossPoints(candidate.Evaluation) - _run.LossPoints(current);
                return gain / Math.Max(loss, 50.0 / current.Count);
            }

            private void BuildMoves()
            {
                var run = _run;
                var definition = run.Current();
                var prepared = PreparedNetwork.Prepare(definition, run._owner.Weights);
                var samples = Math.Min(run._options.LadderSamples, run._data.Count);
                foreach (var layer in run._macLayers)
                {
                    var inputs = run.Evaluator.Inputs(run.SegmentOf(layer)).Take(samples).ToArray();
                    var channels = ((PrunableLayer)definition.Layers[layer]).OutputChannels;
                    var size = run._groupSizes[layer] == 0 ? channels : run._groupSizes[layer];
                    var label = definition.LayerLabel(layer);
                    var layerGroups = new List<Group>();
                    for (var g = 0; g < channels / size; g++)
                    {
                        var ladder = ProductLadder.Build(prepared, layer, g * size, size, inputs);
                        layerGroups.Add(new Group(layer, g, channels / size == 1 ? label : FormattableString.Invariant($"{label}/g{g}"), ladder));
                    }

                    _groups.AddRange(layerGroups);
                    _moves.Add(new Move(_moves.Count, layerGroups.Count == 1 ? label : label + "/all", layerGroups));
                    if (layerGroups.Count > 1)
                    {
                        _moves.AddRange(layerGroups.Select(g => new Move(_moves.Count, g.Name, [g])));
                    }
                }
            }

            /// <summary>
            /// Evaluates the move at <paramref name="share"/>; if that saves no cycles (e.g. the first step that turns a
            /// dense kernel into a skipping one) it looks further up the ladder; beyond the budget it bisects the share
            /// between the current and the failing one. Leaves a candidate on the move, or retires it.
            /// </summary>
            private void Propose(Move move, double share, string outcome)
            {
                var current = _run.Evaluator.Current!;
                var low = move.Share;
                var limit = 1 - Math.Pow(2, -_run._options.MaxThresholdSteps);
                while (share <= limit + 1e-12)
                {
                    var thresholds = move.ThresholdsAt(share, _run);
                    if (thresholds is null)
                    {
                        share = Move.Next(share);
                        continue;
                    }

                    var candidate = Measure(move, share, thresholds, fromBisection: false);
                    var feasible = Feasible(candidate);
                    var saves = current.Cycles - candidate.Evaluation.Cycles > 0;
                    Log(move, candidate, outcome + (!feasible ? ", beyond budget" : saves ? string.Empty : ", saves no cycles: looking further"));
                    if (feasible && saves)
                    {
                        move.Candidate = candidate;
                        return;
                    }

                    if (!feasible)
                    {
                        move.Candidate = Bisect(move, low, share);
                        move.Retired = move.Candidate is null;
                        return;
                    }

                    low = share;
                    share = Move.Next(share);
                    outcome = "look-ahead";
                }

                move.Retired = true;
            }

            private Candidate? Bisect(Move move, double low, double high)
            {
                var current = _run.Evaluator.Current!;
                Candidate? best = null;
                for (var b = 0; b < _run._options.ThresholdBisectionSteps; b++)
                {
                    var middle = (low + high) / 2;
                    var thresholds = move.ThresholdsAt(middle, _run);
                    if (thresholds is null)
                    {
                        low = middle;
                        continue;
                    }

                    var trial = Measure(move, middle, thresholds, fromBisection: true);
                    var ok = Feasible(trial);
                    var saves = current.Cycles - trial.Evaluation.Cycles > 0;
                    Log(move, trial, ok ? saves ? "bisection, within budget" : "bisection, within budget, saves no cycles" : "bisection, beyond budget");
                    if (ok)
                    {
                        low = middle;
                        best = saves ? trial : best;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                return best;
            }

            private Candidate Measure(Move move, double share, IReadOnlyList<(Group Group, float Threshold)> thresholds, bool fromBisection)
            {
                var saved = thresholds.Select(t => _run._thresholds[t.Group.Layer][t.Group.Position]).ToArray();
                foreach (var (group, threshold) in thresholds)
                {
                    _run._thresholds[group.Layer][group.Position] = threshold;
                }

                try
                {
                    return new Candidate(share, thresholds, _run.Evaluate(_run.Current(), priced: true), fromBisection);
                }
                finally
                {
                    for (var i = 0; i < thresholds.Count; i++)
                    {
                        _run._thresholds[thresholds[i].Group.Layer][thresholds[i].Group.Position] = saved[i];
                    }
                }
            }

            private void Log(Move move, Candidate candidate, string outcome)
            {
                var e = candidate.Evaluation;
                var value = candidate.Thresholds.Max(t => t.Threshold);
                _run._steps.Add(new CalibrationStep(CalibrationPhase.Thresholds, move.Name, move.Index, value, candidate.Share,
                    e.AccuracyPercent, e.Cycles, Feasible(candidate), outcome));
                var values = string.Join(", ", candidate.Thresholds.Select(t => t.Threshold.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)));
                _run.Report(CalibrationPhase.Thresholds, FormattableString.Invariant($"{move.Name}: T = {values} ({candidate.Share:P1} of products) → {e.AccuracyPercent:0.00} %, {e.Cycles:N0} cycles: {outcome}"), e);
            }
        }

        /// <summary>One threshold group: its ladder and the ladder share of its current threshold.</summary>
        private sealed class Group(int layer, int position, string name, ProductLadder ladder)
        {
            public int Layer { get; } = layer;

            public int Position { get; } = position;

            public string Name { get; } = name;

            public ProductLadder Ladder { get; } = ladder;

            /// <summary>The ladder share of the current threshold (0: UnIT off for the group).</summary>
            public double Share { get; set; }
        }

        /// <summary>
        /// A way to raise thresholds: one group, or every group of a layer together (needed where a single group cannot pay
        /// for the switch from the dense kernel to a skipping one).
        /// </summary>
        private sealed class Move(int index, string name, IReadOnlyList<Group> groups)
        {
            public int Index { get; } = index;

            public string Name { get; } = name;

            public IReadOnlyList<Group> Groups { get; } = groups;

            public bool Retired { get; set; }

            public Candidate? Candidate { get; set; }

            /// <summary>The highest share among the move's groups.</summary>
            public double Share => Groups.Max(g => g.Share);

            /// <summary>One ladder step up from the current share: half of the still-kept products skipped too.</summary>
            public double NextShare() => Next(Share);

            public static double Next(double share) => 1 - ((1 - share) / 2);

            /// <summary>Each group's threshold at <paramref name="share"/> (never lowered); null when nothing would rise.</summary>
            public IReadOnlyList<(Group Group, float Threshold)>? ThresholdsAt(double share, Run run)
            {
                var list = new List<(Group, float)>();
                var rises = false;
                foreach (var group in Groups)
                {
                    var current = run._thresholds[group.Layer][group.Position];
                    var value = Math.Max(current, group.Ladder.Threshold(share));
                    rises |= value > current;
                    list.Add((group, value));
                }

                return rises ? list : null;
            }
        }

        /// <summary>Proposed thresholds for a move and what they measured.</summary>
        private sealed record Candidate(double Share, IReadOnlyList<(Group Group, float Threshold)> Thresholds, EvaluationResult Evaluation, bool FromBisection);
    }
}
