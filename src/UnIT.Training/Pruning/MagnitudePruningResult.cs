namespace UnIT.Training.Pruning;

/// <summary>What <see cref="MagnitudePruner.Prune"/> produced.</summary>
/// <param name="Model">The last model within the accuracy budget (frozen masks; the dense model when no step was).</param>
/// <param name="DenseAccuracyPercent">The starting model's accuracy on the evaluation data.</param>
/// <param name="AccuracyPercent">The returned model's accuracy on the evaluation data.</param>
/// <param name="StepsKept">Pruning steps in the returned model.</param>
/// <param name="Steps">Every step taken, including the one that broke the budget (if any).</param>
/// <param name="StopReason">Why the run ended.</param>
public sealed record MagnitudePruningResult(
    TrainableNetwork Model,
    double DenseAccuracyPercent,
    double AccuracyPercent,
    int StepsKept,
    IReadOnlyList<PruningStep> Steps,
    PruningStopReason StopReason)
{
    /// <summary>Fraction of conv and dense weights the returned model has pruned.</summary>
    public double Sparsity => Model.Sparsity;
}

/// <summary>Why magnitude pruning stopped.</summary>
public enum PruningStopReason
{
    /// <summary>The next step's accuracy fell below the budget; the model before it was returned.</summary>
    AccuracyBudget,

    /// <summary><see cref="MagnitudePruningOptions.MaxSteps"/> steps were all within budget.</summary>
    MaxSteps,

    /// <summary>Too few weights remain for a step to prune any (5 % of them rounds to zero).</summary>
    NothingLeftToPrune,
}
