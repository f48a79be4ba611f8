using System.Globalization;
using System.Text;

namespace UnIT.Training.Pruning;

/// <summary>Which part of structured pruning a <see cref="StructuredPruningStep"/> reports.</summary>
public enum StructuredPruningPhase
{
    /// <summary>A pruning step of the search (training with soft masks and the budget loss).</summary>
    Search,

    /// <summary>The search ran out of epochs with a budget still exceeded; the lowest-ranked channels were masked at once.</summary>
    Forced,

    /// <summary>The end of a fine-tuning epoch (masks frozen).</summary>
    FineTune,
}

/// <summary>One output channel of a layer.</summary>
public readonly record struct ChannelRef(string Layer, int Channel)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Layer}[{Channel}]");
}

/// <summary>A layer's width: kept channels of how many.</summary>
public readonly record struct LayerWidth(string Layer, int Kept, int Total)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Layer} {Kept}/{Total}");
}

/// <summary>Progress of <see cref="StructuredPruner"/>: a pruning step of the search, or a fine-tuning epoch.</summary>
/// <param name="Step">1-based running number of the report.</param>
/// <param name="Phase">Search, forced, or fine-tuning.</param>
/// <param name="Epoch">0-based epoch of the phase.</param>
/// <param name="Batch">Batches trained in the epoch when the step ran.</param>
/// <param name="Widths">Every conv/dense layer's width after the step.</param>
/// <param name="Usage">Each limited resource against its budget after the step.</param>
/// <param name="Pruned">Channels masked by the step.</param>
/// <param name="Restored">Masked channels the step brought back (feedback).</param>
/// <param name="BudgetLoss">The <see cref="ResourceBudgetLoss"/> after the step (0 once every budget holds).</param>
/// <param name="ValidationAccuracyPercent">Accuracy on the validation data, when evaluated.</param>
public sealed record StructuredPruningStep(
    int Step,
    StructuredPruningPhase Phase,
    int Epoch,
    int Batch,
    IReadOnlyList<LayerWidth> Widths,
    IReadOnlyList<ResourceUsage> Usage,
    IReadOnlyList<ChannelRef> Pruned,
    IReadOnlyList<ChannelRef> Restored,
    double BudgetLoss,
    double? ValidationAccuracyPercent)
{
    /// <summary>Whether every budget holds after the step.</summary>
    public bool WithinBudget => Usage.All(u => u.WithinBudget);

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"step {Step} {Phase.ToString().ToLowerInvariant()} e{Epoch} b{Batch}: ");
        text.AppendJoin(", ", Widths).Append(" | ").AppendJoin(", ", Usage);
        if (Pruned.Count > 0)
        {
            text.Append(" | pruned ").AppendJoin(", ", Pruned);
        }

        if (Restored.Count > 0)
        {
            text.Append(" | restored ").AppendJoin(", ", Restored);
        }

        if (ValidationAccuracyPercent is { } accuracy)
        {
            text.Append(CultureInfo.InvariantCulture, $" | validation {accuracy:0.00} %");
        }

        return text.ToString();
    }
}
