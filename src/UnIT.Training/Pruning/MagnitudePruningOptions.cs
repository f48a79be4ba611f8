using UnIT.Training.Optimizers;

namespace UnIT.Training.Pruning;

/// <summary>
/// The paper's training-time pruning recipe: global L1 magnitude pruning of conv and dense weights (biases
/// excluded), <see cref="StepFraction"/> of the remaining weights per step, then fine-tuning, until accuracy would
/// fall more than <see cref="AccuracyBudgetPoints"/> below the dense model.
/// </summary>
public sealed record MagnitudePruningOptions
{
    /// <summary>The defaults (the paper's recipe).</summary>
    public static MagnitudePruningOptions Default { get; } = new();

    /// <summary>Fraction of the still-unpruned weights removed per step (PyTorch's <c>amount</c> on an already pruned tensor).</summary>
    public double StepFraction { get; init; } = 0.05;

    /// <summary>Allowed accuracy loss in percentage points relative to the dense model on the evaluation data.</summary>
    public double AccuracyBudgetPoints { get; init; } = 0.5;

    /// <summary>
    /// Fine-tuning after each step: one epoch of SGD, lr 0.001, momentum 0.9, no augmentation, constant rate.
    /// Step <c>k</c> trains epoch index <c>k</c>, so every step sees its own shuffle. One optimizer (and its
    /// momentum) lives through all steps, as in a training script that creates it once.
    /// </summary>
    public TrainingOptions FineTuning { get; init; } = TrainingOptions.Default with
    {
        Epochs = 1,
        Optimizer = new SgdSettings(LearningRate: 0.001, Momentum: 0.9),
        Schedule = LearningRateSchedule.Constant,
        MaxTranslation = 0,
    };

    /// <summary>A safety stop: at most this many pruning steps.</summary>
    public int MaxSteps { get; init; } = 500;

    internal void Validate()
    {
        if (!(StepFraction > 0 && StepFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(StepFraction), StepFraction, "Use a fraction strictly between 0 and 1.");
        }

        if (!(AccuracyBudgetPoints >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(AccuracyBudgetPoints), AccuracyBudgetPoints, "Use 0 or more percentage points.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSteps, 1, nameof(MaxSteps));
        ArgumentNullException.ThrowIfNull(FineTuning, nameof(FineTuning));
        FineTuning.Validate();
    }
}
