using UnIT.Calibration.Evaluation;
using UnIT.Model;
using UnIT.Preparation;

namespace UnIT.Calibration;

/// <summary>The greedy search of T (docs/calibration.md, "Thresholds").</summary>
internal sealed class ThresholdSearch
{
    private readonly CalibrationRun _run;
    private readonly double _budget;
    private readonly List<ThresholdGroup> _groups = [];
    private readonly List<ThresholdMove> _moves = [];

    public ThresholdSearch(CalibrationRun run, double budget)
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

        while (run.Evaluations < run.Options.MaxEvaluations)
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
                run.Thresholds[group.Layer][group.Position] = threshold;
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

    private bool Feasible(ThresholdCandidate candidate) => _run.LossPoints(candidate.Evaluation) <= _budget;

    /// <summary>Cycles saved per accuracy point lost against <paramref name="current"/> (a loss under half a digit counts as half a digit).</summary>
    private double Score(ThresholdCandidate candidate, EvaluationResult current)
    {
        var gain = current.Cycles - candidate.Evaluation.Cycles;
        var loss = _run.LossPoints(candidate.Evaluation) - _run.LossPoints(current);
        return gain / Math.Max(loss, 50.0 / current.Count);
    }

    private void BuildMoves()
    {
        var run = _run;
        var definition = run.Current();
        var prepared = PreparedNetwork.Prepare(definition, run.Owner.Weights);
        var samples = Math.Min(run.Options.LadderSamples, run.Data.Count);
        foreach (var layer in run.MacLayers)
        {
            var inputs = run.Evaluator.Inputs(run.SegmentOf(layer)).Take(samples).ToArray();
            var channels = ((PrunableLayer)definition.Layers[layer]).OutputChannels;
            var size = run.GroupSizes[layer] == 0 ? channels : run.GroupSizes[layer];
            var label = definition.LayerLabel(layer);
            var layerGroups = new List<ThresholdGroup>();
            for (var g = 0; g < channels / size; g++)
            {
                var ladder = ProductLadder.Build(prepared, layer, g * size, size, inputs);
                layerGroups.Add(new ThresholdGroup(layer, g, channels / size == 1 ? label : FormattableString.Invariant($"{label}/g{g}"), ladder));
            }

            _groups.AddRange(layerGroups);
            _moves.Add(new ThresholdMove(_moves.Count, layerGroups.Count == 1 ? label : label + "/all", layerGroups));
            if (layerGroups.Count > 1)
            {
                _moves.AddRange(layerGroups.Select(g => new ThresholdMove(_moves.Count, g.Name, [g])));
            }
        }
    }

    /// <summary>
    /// Evaluates the move at <paramref name="share"/>; if that saves no cycles (e.g. the first step that turns a
    /// dense kernel into a skipping one) it looks further up the ladder; beyond the budget it bisects the share
    /// between the current and the failing one. Leaves a candidate on the move, or retires it.
    /// </summary>
    private void Propose(ThresholdMove move, double share, string outcome)
    {
        var current = _run.Evaluator.Current!;
        var low = move.Share;
        var limit = 1 - Math.Pow(2, -_run.Options.MaxThresholdSteps);
        while (share <= limit + 1e-12)
        {
            var thresholds = move.ThresholdsAt(share, _run);
            if (thresholds is null)
            {
                share = ThresholdMove.Next(share);
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
            share = ThresholdMove.Next(share);
            outcome = "look-ahead";
        }

        move.Retired = true;
    }

    private ThresholdCandidate? Bisect(ThresholdMove move, double low, double high)
    {
        var current = _run.Evaluator.Current!;
        ThresholdCandidate? best = null;
        for (var b = 0; b < _run.Options.ThresholdBisectionSteps; b++)
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

    private ThresholdCandidate Measure(ThresholdMove move, double share, IReadOnlyList<(ThresholdGroup Group, float Threshold)> thresholds, bool fromBisection)
    {
        var saved = thresholds.Select(t => _run.Thresholds[t.Group.Layer][t.Group.Position]).ToArray();
        foreach (var (group, threshold) in thresholds)
        {
            _run.Thresholds[group.Layer][group.Position] = threshold;
        }

        try
        {
            return new ThresholdCandidate(share, thresholds, _run.Evaluate(_run.Current(), priced: true), fromBisection);
        }
        finally
        {
            for (var i = 0; i < thresholds.Count; i++)
            {
                _run.Thresholds[thresholds[i].Group.Layer][thresholds[i].Group.Position] = saved[i];
            }
        }
    }

    private void Log(ThresholdMove move, ThresholdCandidate candidate, string outcome)
    {
        var e = candidate.Evaluation;
        var value = candidate.Thresholds.Max(t => t.Threshold);
        _run.Steps.Add(new CalibrationStep(CalibrationPhase.Thresholds, move.Name, move.Index, value, candidate.Share,
            e.AccuracyPercent, e.Cycles, Feasible(candidate), outcome));
        var values = string.Join(", ", candidate.Thresholds.Select(t => t.Threshold.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)));
        _run.Report(CalibrationPhase.Thresholds, FormattableString.Invariant($"{move.Name}: T = {values} ({candidate.Share:P1} of products) → {e.AccuracyPercent:0.00} %, {e.Cycles:N0} cycles: {outcome}"), e);
    }
}
