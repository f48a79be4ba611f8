using UnIT.Model;
using UnIT.Resources;

namespace UnIT.Training.Pruning;

/// <summary>
/// The resource model at a network's current widths, against a budget: the resources, each limit's use, and what removing
/// one more channel of each prunable layer would save of each limited resource. Recomputed whenever masks change (a few
/// <see cref="ResourceAccounting.Analyze"/> calls on definitions without weights: cheap).
/// </summary>
internal sealed class ChannelCostModel
{
    private readonly ResourceKind[] _kinds;
    private readonly long[] _limits;

    /// <summary>Evaluates the widths <paramref name="widths"/> of <paramref name="definition"/>.</summary>
    /// <param name="definition">The full (unpruned) definition.</param>
    /// <param name="prunable">The layers whose channels may be removed, in order.</param>
    /// <param name="widths">Kept channels of every conv/dense layer.</param>
    /// <param name="budget">The limits.</param>
    /// <param name="accounting">How flash and peak RAM are counted.</param>
    /// <param name="minChannels">Narrowest a prunable layer may become; layers at it save nothing (they cannot lose a channel).</param>
    public ChannelCostModel(
        NetworkDefinition definition, IReadOnlyList<string> prunable, IReadOnlyDictionary<string, int> widths, ResourceBudget budget, ResourceAccounting accounting, int minChannels)
    {
        Budget = budget;
        _kinds = [.. budget.Kinds];
        _limits = [.. _kinds.Select(kind => budget.Limit(kind)!.Value)];
        Resources = accounting.Analyze(ChannelPruning.Narrow(definition, widths));
        Usage = budget.Check(Resources);
        Savings = new long[prunable.Count][];
        var costs = Resources.ChannelCosts.ToDictionary(c => c.Label, StringComparer.Ordinal);
        for (var l = 0; l < prunable.Count; l++)
        {
            Savings[l] = new long[_kinds.Length];
            if (widths[prunable[l]] <= minChannels)
            {
                continue;
            }

            var narrower = new Dictionary<string, int>(widths, StringComparer.Ordinal) { [prunable[l]] = widths[prunable[l]] - 1 };
            var less = accounting.Analyze(ChannelPruning.Narrow(definition, narrower));
            for (var k = 0; k < _kinds.Length; k++)
            {
                Savings[l][k] = _kinds[k] switch
                {
                    ResourceKind.Flash => Resources.FlashBytes - less.FlashBytes,
                    ResourceKind.Macs => costs[prunable[l]].Macs,
                    _ => PeakRamSaving(Resources, less, budget.RamIncludesInput),
                };
            }
        }
    }

    /// <summary>The budget.</summary>
    public ResourceBudget Budget { get; }

    /// <summary>The resources at the current widths.</summary>
    public NetworkResources Resources { get; }

    /// <summary>Each limited resource against its limit.</summary>
    public IReadOnlyList<ResourceUsage> Usage { get; }

    /// <summary>Whether every limit holds.</summary>
    public bool Met => Usage.All(u => u.WithinBudget);

    /// <summary>
    /// <c>Savings[l][k]</c>: what removing one channel of prunable layer <c>l</c> saves of the <c>k</c>-th limited resource
    /// (flash: what the network with one channel less stores less, its own and the next layer's tables and nothing of the
    /// code; MACs: <see cref="NetworkResources.ChannelCosts"/>; peak RAM: how much the peak itself falls). Zero for layers
    /// at the minimum width.
    /// </summary>
    public long[][] Savings { get; }

    /// <summary>
    /// The cost of one channel of prunable layer <paramref name="layer"/> in units of the budget:
    /// <c>Σ_k ω_k · Savings[l][k] / limit_k</c>, where ω_k is the relative excess of each limit that is exceeded (the further
    /// over, the more a resource counts), or 1 for every limit when all are met (a channel's share of the budget).
    /// </summary>
    public double RankingCost(int layer)
    {
        var anyExceeded = !Met;
        var cost = 0.0;
        for (var k = 0; k < _kinds.Length; k++)
        {
            var weight = anyExceeded ? Usage[k].Excess : 1;
            cost += weight * Savings[layer][k] / _limits[k];
        }

        return cost;
    }

    /// <summary>
    /// The budget loss coefficient of one channel of prunable layer <paramref name="layer"/>: <c>Σ_k e_k · Savings[l][k] / limit_k</c>
    /// over the exceeded limits, e_k their relative excess; zero when every limit holds.
    /// </summary>
    public double PenaltyCoefficient(int layer)
    {
        var coefficient = 0.0;
        for (var k = 0; k < _kinds.Length; k++)
        {
            coefficient += Usage[k].Excess * Savings[layer][k] / _limits[k];
        }

        return coefficient;
    }

    /// <summary>
    /// Whether <paramref name="after"/> keeps every limit that holds now and uses no more of any limit that is exceeded now
    /// (what a swap of channels must satisfy).
    /// </summary>
    public bool Allows(NetworkResources after)
    {
        for (var k = 0; k < _kinds.Length; k++)
        {
            var used = Budget.Measure(after, _kinds[k]);
            if (used > Math.Max(_limits[k], Usage[k].Used))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// How much the peak RAM falls when one channel goes: the largest fall of the live bytes among the operators where the
    /// peak occurs (a sub-gradient of the max: with two operators tied at the peak, each layer is credited for its own).
    /// </summary>
    private static long PeakRamSaving(NetworkResources now, NetworkResources less, bool withInput)
    {
        long Live(OperatorResources o) => withInput ? o.LiveBytesWithInput : o.LiveBytes;
        var peak = now.Operators.Max(Live);
        var saving = 0L;
        for (var i = 0; i < now.Operators.Count; i++)
        {
            if (Live(now.Operators[i]) == peak)
            {
                saving = Math.Max(saving, peak - Live(less.Operators[i]));
            }
        }

        return saving;
    }
}
