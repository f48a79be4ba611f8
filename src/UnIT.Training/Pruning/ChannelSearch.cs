using UnIT.Resources;
using UnIT.Training.Data;
using UnIT.Training.Numerics;

namespace UnIT.Training.Pruning;

/// <summary>
/// The search phase of <see cref="StructuredPruner"/> as a training hook: the budget loss before each optimizer step, and a
/// pruning step (salience, masking by salience per cost, feedback, report) every few batches after it.
/// </summary>
internal sealed class ChannelSearch : ITrainingHook
{
    private readonly TrainableNetwork _network;
    private readonly IReadOnlyList<string> _prunable;
    private readonly TrainableLayer[] _layers;
    private readonly ResourceBudget _budget;
    private readonly StructuredPruningOptions _options;
    private readonly Dataset _validation;
    private readonly Action<StructuredPruningStep>? _stepCompleted;
    private readonly ResourceBudgetLoss _loss;
    private readonly ChannelProbe _probe;
    private readonly double[][] _salience;
    private readonly bool[][] _measured;
    private readonly List<StructuredPruningStep> _steps = [];

    /// <summary>Kept channels a masked channel may try to swap with per step (each try costs a forward pass over the probe samples).</summary>
    internal const int SwapTries = 2;
    private ChannelCostModel _model;

    public ChannelSearch(
        TrainableNetwork network,
        IReadOnlyList<string> prunable,
        ResourceBudget budget,
        StructuredPruningOptions options,
        Dataset training,
        Dataset validation,
        Action<StructuredPruningStep>? stepCompleted)
    {
        _network = network;
        _prunable = prunable;
        _layers = [.. prunable.Select(network.Layer)];
        _budget = budget;
        _options = options;
        _validation = validation;
        _stepCompleted = stepCompleted;
        _loss = new ResourceBudgetLoss(budget, options.BudgetLossWeight, options.Accounting, options.MinChannels);
        _salience = [.. _layers.Select(layer => new double[layer.Geometry.OutChannels])];
        _measured = [.. _layers.Select(layer => new bool[layer.Geometry.OutChannels])];

        // A fixed, seeded choice of training samples, so changes of salience from step to step come from the network.
        var order = Enumerable.Range(0, training.Count).ToArray();
        new SeededRandom(options.Search.Seed, stream: 0x5A11E).Shuffle(order.AsSpan());
        _probe = new ChannelProbe(
            network, prunable, training, order[..Math.Min(options.ProbeSamples, order.Length)], options.Search.BatchSize, options.Search.MaxDegreeOfParallelism);
        _model = Evaluate();
    }

    /// <summary>Whether every budget holds at the current widths.</summary>
    public bool Met => _model.Met;

    /// <summary>The reports so far.</summary>
    public IReadOnlyList<StructuredPruningStep> Steps => _steps;

    /// <summary>The current salience of channel <paramref name="channel"/> of prunable layer <paramref name="layer"/>.</summary>
    internal double Salience(int layer, int channel) => _salience[layer][channel];

    /// <summary>The cost model at the current widths.</summary>
    internal ChannelCostModel Model => _model;

    public void BeforeStep(TrainingBatch batch)
    {
        if (_options.BudgetLossWeight > 0 && !_model.Met)
        {
            _loss.Apply(_network, _model, addGradients: true);
        }
    }

    public void AfterStep(TrainingBatch batch)
    {
        if ((batch.Index + 1) % _options.PruneEveryBatches == 0)
        {
            RunStep(batch.Epoch, batch.Index + 1);
        }
    }

    /// <summary>One pruning step: measure, mask while over budget, feedback, report.</summary>
    internal StructuredPruningStep RunStep(int epoch, int batch)
    {
        MeasureSalience();
        var pruned = new List<ChannelRef>();
        var restored = new List<ChannelRef>();
        for (var n = 0; n < _options.ChannelsPerStep && !_model.Met; n++)
        {
            if (Ranked().FirstOrDefault() is not { Cost: > 0 } weakest)
            {
                break;
            }

            SetMasked(weakest.Layer, weakest.Channel, masked: true);
            pruned.Add(Ref(weakest.Layer, weakest.Channel));
        }

        Feedback(pruned, restored);
        return Report(StructuredPruningPhase.Search, epoch, batch, pruned, restored);
    }

    /// <summary>Masks the lowest-ranked channels until every budget holds (the search ran out of epochs).</summary>
    public void Force(int epoch)
    {
        MeasureSalience();
        var pruned = new List<ChannelRef>();
        while (!_model.Met)
        {
            var weakest = Ranked().FirstOrDefault(c => c.Cost > 0)
                ?? throw new InvalidOperationException("No channel left whose removal lowers an exceeded resource; the budget check should have refused this budget.");
            SetMasked(weakest.Layer, weakest.Channel, masked: true);
            pruned.Add(Ref(weakest.Layer, weakest.Channel));
        }

        Report(StructuredPruningPhase.Forced, epoch, 0, pruned, []);
    }

    /// <summary>Reports the current state.</summary>
    public StructuredPruningStep Report(StructuredPruningPhase phase, int epoch, int batch, IReadOnlyList<ChannelRef> pruned, IReadOnlyList<ChannelRef> restored)
    {
        var kept = ChannelPruning.KeptChannels(_network);
        var step = new StructuredPruningStep(
            _steps.Count + 1,
            phase,
            epoch,
            batch,
            [.. _network.Layers.Select(layer => new LayerWidth(layer.Name, kept[layer.Name].Count(k => k), layer.Geometry.OutChannels))],
            _model.Usage,
            pruned,
            restored,
            _loss.Apply(_network, _model, addGradients: false),
            _options.EvaluateEveryStep ? Evaluator.Evaluate(_network, _validation, _options.Search.MaxDegreeOfParallelism).AccuracyPercent : null);
        _steps.Add(step);
        _stepCompleted?.Invoke(step);
        return step;
    }

    /// <summary>
    /// Kept channels of layers above their minimum width, by <c>salience / cost</c> ascending (ties: earlier layer, lower
    /// channel); channels whose removal saves nothing of what counts now have cost 0 and rank last.
    /// </summary>
    internal IEnumerable<RankedChannel> Ranked()
    {
        var candidates = new List<RankedChannel>();
        for (var l = 0; l < _layers.Length; l++)
        {
            var mask = _layers[l].Mask!;
            var kept = Enumerable.Range(0, mask.OutputChannels).Count(c => !mask.IsChannelPruned(c));
            if (kept <= _options.MinChannels)
            {
                continue;
            }

            var cost = _model.RankingCost(l);
            for (var c = 0; c < mask.OutputChannels; c++)
            {
                if (!mask.IsChannelPruned(c))
                {
                    candidates.Add(new RankedChannel(l, c, _salience[l][c], cost));
                }
            }
        }

        return candidates.OrderBy(c => c.Score).ThenBy(c => c.Layer).ThenBy(c => c.Channel);
    }

    /// <summary>
    /// Brings masked channels back, most salient first: for free when the budget allows it as it is, or in place of a kept
    /// channel of lower rank whose salience the masked one beats by the margin, when the swap keeps every budget (and uses no
    /// more of one still exceeded). Salience is a first-order estimate, so each change must also lower the loss on the probe
    /// samples, or it is undone. At most <see cref="StructuredPruningOptions.ChannelsPerStep"/> restores per step, trying at
    /// most <see cref="SwapTries"/> kept channels each; channels masked by this step stay masked.
    /// </summary>
    private void Feedback(List<ChannelRef> pruned, List<ChannelRef> restored)
    {
        var masked = new List<(int Layer, int Channel)>();
        for (var l = 0; l < _layers.Length; l++)
        {
            for (var c = 0; c < _layers[l].Geometry.OutChannels; c++)
            {
                if (_layers[l].Mask!.IsChannelPruned(c) && !pruned.Contains(Ref(l, c)))
                {
                    masked.Add((l, c));
                }
            }
        }

        double? loss = null;
        foreach (var (l, c) in masked.OrderByDescending(m => _salience[m.Layer][m.Channel]).ThenBy(m => m.Layer).ThenBy(m => m.Channel))
        {
            if (restored.Count >= _options.ChannelsPerStep)
            {
                return;
            }

            var widths = ChannelPruning.Widths(_network);
            var name = _prunable[l];
            var grown = new Dictionary<string, int>(widths, StringComparer.Ordinal) { [name] = widths[name] + 1 };
            if (_model.Met && _budget.IsMetBy(Analyze(grown)))
            {
                loss ??= _probe.Loss();
                SetMasked(l, c, masked: false);
                if (_probe.Loss() < loss)
                {
                    restored.Add(Ref(l, c));
                    loss = null;
                }
                else
                {
                    SetMasked(l, c, masked: true);
                }

                continue;
            }

            var bar = _salience[l][c] / (1 + _options.RestoreMargin);
            var tries = 0;
            foreach (var victim in Ranked().Where(v => v.Salience < bar).ToList())
            {
                var swapped = new Dictionary<string, int>(grown, StringComparer.Ordinal);
                swapped[_prunable[victim.Layer]]--;
                if (!_model.Allows(Analyze(swapped)))
                {
                    continue;
                }

                loss ??= _probe.Loss();
                SetMasked(l, c, masked: false);
                SetMasked(victim.Layer, victim.Channel, masked: true);
                if (_probe.Loss() < loss)
                {
                    restored.Add(Ref(l, c));
                    pruned.Add(Ref(victim.Layer, victim.Channel));
                    loss = null;
                    break;
                }

                SetMasked(victim.Layer, victim.Channel, masked: false);
                SetMasked(l, c, masked: true);
                if (++tries >= SwapTries)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Sets a channel's salience (tests: rankings with chosen values).</summary>
    internal void SetSalience(int layer, int channel, double value)
    {
        _salience[layer][channel] = value;
        _measured[layer][channel] = true;
    }

    /// <summary>Updates every channel's salience (kept and masked) from the probe samples or the weights.</summary>
    internal void MeasureSalience()
    {
        var measured = _layers.Select(layer => new double[layer.Geometry.OutChannels]).ToArray();
        if (_options.Salience == ChannelSalience.L2Norm)
        {
            for (var l = 0; l < _layers.Length; l++)
            {
                for (var c = 0; c < measured[l].Length; c++)
                {
                    measured[l][c] = _layers[l].Mask!.IsChannelPruned(c) ? RawNorm(_layers[l], c) : ResourceBudgetLoss.ChannelNorm(_layers[l], c);
                }
            }
        }
        else
        {
            measured = _probe.Measure();
        }

        var beta = _options.SalienceSmoothing;
        for (var l = 0; l < _layers.Length; l++)
        {
            for (var c = 0; c < measured[l].Length; c++)
            {
                _salience[l][c] = _measured[l][c] ? (beta * _salience[l][c]) + ((1 - beta) * measured[l][c]) : measured[l][c];
                _measured[l][c] = true;
            }
        }
    }

    private static double RawNorm(TrainableLayer layer, int channel)
    {
        var fanIn = layer.Geometry.FanIn;
        var sum = 0.0;
        foreach (var w in layer.Weight.Values.AsSpan(channel * fanIn, fanIn))
        {
            sum += (double)w * w;
        }

        if (layer.Bias is not null)
        {
            sum += (double)layer.Bias.Values[channel] * layer.Bias.Values[channel];
        }

        return Math.Sqrt(sum);
    }

    private void SetMasked(int layer, int channel, bool masked)
    {
        if (masked)
        {
            _layers[layer].Mask!.PruneChannel(channel);
        }
        else
        {
            _layers[layer].Mask!.RestoreChannel(channel);
        }

        _model = Evaluate();
    }

    private ChannelCostModel Evaluate() =>
        new(_network.Definition, _prunable, ChannelPruning.Widths(_network), _budget, _options.Accounting, _options.MinChannels);

    private NetworkResources Analyze(IReadOnlyDictionary<string, int> widths) =>
        _options.Accounting.Analyze(ChannelPruning.Narrow(_network.Definition, widths));

    private ChannelRef Ref(int layer, int channel) => new(_prunable[layer], channel);

    /// <summary>A kept channel with its salience and cost (<see cref="ChannelCostModel.RankingCost"/>).</summary>
    internal sealed record RankedChannel(int Layer, int Channel, double Salience, double Cost)
    {
        /// <summary>Salience per unit of cost; +∞ when removing the channel saves nothing that counts.</summary>
        public double Score => Cost > 0 ? Salience / Cost : double.PositiveInfinity;
    }
}
