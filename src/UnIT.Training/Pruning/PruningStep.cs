namespace UnIT.Training.Pruning;

/// <summary>One step of magnitude pruning, reported after its fine-tuning and evaluation.</summary>
/// <param name="Step">1-based step number.</param>
/// <param name="PrunedThisStep">Weights removed in this step.</param>
/// <param name="PrunedWeights">Weights pruned in total after the step.</param>
/// <param name="TotalWeights">Conv and dense weights (biases excluded).</param>
/// <param name="AccuracyPercent">Accuracy on the evaluation data after fine-tuning.</param>
/// <param name="WithinBudget">Whether the accuracy stays within the budget of the dense model; the first step
/// outside it ends the run and its model is discarded.</param>
public sealed record PruningStep(int Step, int PrunedThisStep, int PrunedWeights, int TotalWeights, double AccuracyPercent, bool WithinBudget)
{
    /// <summary>Fraction of weights pruned after the step.</summary>
    public double Sparsity => (double)PrunedWeights / TotalWeights;
}
