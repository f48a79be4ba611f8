namespace UnIT.Training.Pruning;

/// <summary>
/// The resource-budget loss structured pruning adds to the cross-entropy while it searches: a group-lasso penalty on each
/// kept channel's parameters (its weights and bias), weighted by what that channel costs of every exceeded budget.
/// <code>
/// L_budget = λ · Σ_r e_r · Σ_l (s_{l,r} / B_r) · Σ_{c kept in l} ‖θ_c‖₂
///   e_r     = max(0, (R_r − B_r) / B_r)     relative excess of resource r (flash, peak RAM, MACs) at the current widths
///   s_{l,r} = what removing one channel of layer l saves of r (as the ResourceAccounting counts r)
/// </code>
/// It is zero while every budget holds, grows linearly with each excess, and pushes hardest on the channels whose removal
/// would save most of the resources that are furthest over budget; shrinking a channel lowers its salience, so it is
/// ranked for pruning sooner. The width terms (R_r, s_{l,r}) come from the resource model at the current widths and are
/// constants of each step; the gradient flows through the norms: <c>∂L/∂θ_c = λ·κ_l·θ_c/‖θ_c‖</c>.
/// Channels of the classifier and of layers already at their minimum width are not penalised.
/// </summary>
public sealed class ResourceBudgetLoss
{
    private readonly int _minChannels;

    /// <summary>
    /// A budget loss of weight <paramref name="weight"/> (λ) for <paramref name="budget"/>, resources counted by
    /// <paramref name="accounting"/> (default <see cref="ResourceAccounting.Default"/>).
    /// </summary>
    public ResourceBudgetLoss(ResourceBudget budget, double weight, ResourceAccounting? accounting = null, int minChannels = 1)
    {
        ArgumentNullException.ThrowIfNull(budget);
        budget.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        ArgumentOutOfRangeException.ThrowIfLessThan(minChannels, 1);
        Budget = budget;
        Weight = weight;
        Accounting = accounting ?? ResourceAccounting.Default;
        _minChannels = minChannels;
    }

    /// <summary>The budget.</summary>
    public ResourceBudget Budget { get; }

    /// <summary>λ, the weight of the term against the cross-entropy.</summary>
    public double Weight { get; }

    /// <summary>How flash and peak RAM are counted.</summary>
    public ResourceAccounting Accounting { get; }

    /// <summary>The loss for <paramref name="network"/> as its channel masks leave it.</summary>
    public double Value(TrainableNetwork network) => Apply(network, Model(network), addGradients: false);

    /// <summary>Adds the loss's gradient to every <see cref="Parameter.Gradient"/> of <paramref name="network"/>; returns the loss.</summary>
    public double AddGradients(TrainableNetwork network) => Apply(network, Model(network), addGradients: true);

    /// <summary>Value (and, with <paramref name="addGradients"/>, gradient) for a cost model already computed at the current widths.</summary>
    internal double Apply(TrainableNetwork network, ChannelCostModel model, bool addGradients)
    {
        var prunable = ChannelPruning.PrunableLayers(network.Definition);
        var total = 0.0;
        for (var l = 0; l < prunable.Count; l++)
        {
            var coefficient = Weight * model.PenaltyCoefficient(l);
            if (coefficient == 0)
            {
                continue;
            }

            var layer = network.Layer(prunable[l]);
            for (var c = 0; c < layer.Geometry.OutChannels; c++)
            {
                if (layer.Mask?.IsChannelPruned(c) == true)
                {
                    continue;
                }

                var norm = ChannelNorm(layer, c);
                total += coefficient * norm;
                if (addGradients && norm > 0)
                {
                    AddChannelGradient(layer, c, (float)(coefficient / norm));
                }
            }
        }

        return total;
    }

    /// <summary><c>‖θ_c‖₂</c> over the channel's unmasked weights and its bias, in double.</summary>
    internal static double ChannelNorm(TrainableLayer layer, int channel)
    {
        var fanIn = layer.Geometry.FanIn;
        var weights = layer.Weight.Values.AsSpan(channel * fanIn, fanIn);
        var masked = layer.Mask is not null;
        var mask = masked ? layer.Mask!.Values.Slice(channel * fanIn, fanIn) : default;
        var sum = 0.0;
        for (var i = 0; i < fanIn; i++)
        {
            if (!masked || mask[i] != 0f)
            {
                sum += (double)weights[i] * weights[i];
            }
        }

        if (layer.Bias is not null)
        {
            sum += (double)layer.Bias.Values[channel] * layer.Bias.Values[channel];
        }

        return Math.Sqrt(sum);
    }

    private static void AddChannelGradient(TrainableLayer layer, int channel, float scale)
    {
        var fanIn = layer.Geometry.FanIn;
        var weights = layer.Weight.Values;
        var gradient = layer.Weight.Gradient;
        var masked = layer.Mask is not null;
        var mask = masked ? layer.Mask!.Values : default;
        for (var i = channel * fanIn; i < (channel + 1) * fanIn; i++)
        {
            if (!masked || mask[i] != 0f)
            {
                gradient[i] += scale * weights[i];
            }
        }

        if (layer.Bias is not null)
        {
            layer.Bias.Gradient[channel] += scale * layer.Bias.Values[channel];
        }
    }

    private ChannelCostModel Model(TrainableNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new ChannelCostModel(
            network.Definition, ChannelPruning.PrunableLayers(network.Definition), ChannelPruning.Widths(network), Budget, Accounting, _minChannels);
    }
}
