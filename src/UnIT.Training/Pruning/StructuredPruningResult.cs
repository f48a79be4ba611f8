using UnIT.Model;
using UnIT.Resources;

namespace UnIT.Training.Pruning;

/// <summary>What <see cref="StructuredPruner.Prune"/> produced.</summary>
/// <param name="MaskedModel">The trained model in its original shape, pruned channels masked (Frozen masks, exactly zero).</param>
/// <param name="PrunedModel">
/// The same function as a smaller dense network: pruned channels and the weights that read them removed
/// (<see cref="ChannelPruning.RemovePrunedChannels"/>). Save it with <c>StateDictFile.Save</c>; declare it with
/// <see cref="AttributeDeclaration.Write"/>.
/// </param>
/// <param name="Budget">The budget.</param>
/// <param name="DenseResources">The resources of the starting model's full definition.</param>
/// <param name="PrunedResources">The resources of <see cref="PrunedModel"/>'s definition.</param>
/// <param name="DenseAccuracyPercent">The starting model's accuracy on the validation data.</param>
/// <param name="AccuracyPercent">The pruned model's accuracy on the validation data.</param>
/// <param name="Steps">Every progress report, in order.</param>
public sealed record StructuredPruningResult(
    TrainableNetwork MaskedModel,
    TrainableNetwork PrunedModel,
    ResourceBudget Budget,
    NetworkResources DenseResources,
    NetworkResources PrunedResources,
    double DenseAccuracyPercent,
    double AccuracyPercent,
    IReadOnlyList<StructuredPruningStep> Steps)
{
    /// <summary>The smaller network's definition (same layers and names, narrower widths).</summary>
    public NetworkDefinition PrunedDefinition => PrunedModel.Definition;

    /// <summary>Each limited resource of the pruned model against its budget.</summary>
    public IReadOnlyList<ResourceUsage> Usage => Budget.Check(PrunedResources);

    /// <summary>Whether the pruned model meets every budget.</summary>
    public bool BudgetMet => Budget.IsMetBy(PrunedResources);

    /// <summary>The kept channels of every conv/dense layer (the masks, 1 = kept; <see cref="ChannelMaskFile.Write"/> saves them).</summary>
    public IReadOnlyDictionary<string, bool[]> KeptChannels => ChannelPruning.KeptChannels(MaskedModel);

    /// <summary>The width of every conv/dense layer after pruning.</summary>
    public IReadOnlyDictionary<string, int> Widths => ChannelPruning.Widths(MaskedModel);
}
