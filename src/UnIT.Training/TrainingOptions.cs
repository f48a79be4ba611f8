using UnIT.Training.Optimizers;

namespace UnIT.Training;

/// <summary>
/// How <see cref="Trainer"/> trains. The defaults (Adam, lr 2e-3, cosine annealing, batch 32, 20 epochs, ±2 pixel
/// translations) were chosen on a validation split of the train digits and train the paper's MNIST model to
/// about 98 % on the 2,000 test digits in well under a minute on 2 cores (see <c>src/UnIT.Training/README.md</c>).
/// </summary>
/// <remarks>
/// A run is reproducible bit for bit from (<see cref="Seed"/>, <see cref="BatchSize"/>, <see cref="ChunkSize"/>,
/// optimizer settings, data, initial weights) on the same hardware and runtime, whatever
/// <see cref="MaxDegreeOfParallelism"/> is. (Machines with a different SIMD width may differ in the last bits.)
/// </remarks>
public sealed record TrainingOptions
{
    /// <summary>The defaults.</summary>
    public static TrainingOptions Default { get; } = new();

    /// <summary>Passes over the training data made by <see cref="Trainer.Train"/>.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Samples per optimizer step (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The optimizer and its hyper-parameters.</summary>
    public OptimizerSettings Optimizer { get; init; } = new AdamSettings(LearningRate: 2e-3);

    /// <summary>How the learning rate changes over the <see cref="Epochs"/> of a run.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    /// <summary>
    /// Augmentation: each training sample is moved by a random whole number of pixels in
    /// <c>[−MaxTranslation, MaxTranslation]</c> along each spatial axis (edges repeated), drawn afresh every epoch
    /// from the seed. 0 turns it off. Evaluation never translates.
    /// </summary>
    public int MaxTranslation { get; init; } = 2;

    /// <summary>Seeds the per-epoch shuffle of the training data (epoch <c>e</c>'s order depends on the seed and <c>e</c> only).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Samples per unit of parallel work. Part of a run's identity: gradients are summed per chunk, then over
    /// chunks in order, so a different chunk size changes the last bits of the result (and threads never do).
    /// </summary>
    public int ChunkSize { get; init; } = 8;

    /// <summary>
    /// Weight of an L1 penalty on the activations: <c>ActivationL1 · Σ y</c> over every ReLU output of a sample
    /// joins its cross-entropy (in the gradient; reported losses stay the cross-entropy alone). 0 (default) turns it
    /// off. A positive weight trains activations that are exactly zero more often and small otherwise — the products
    /// UnIT skips. The MNIST sample uses 5e-4 (measurements in src/UnIT.Training/README.md).
    /// </summary>
    public double ActivationL1 { get; init; }

    /// <summary>Threads to use; −1 (default) uses every core. Does not change results.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 0, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxTranslation, nameof(MaxTranslation));
        ArgumentNullException.ThrowIfNull(Optimizer, nameof(Optimizer));
        if (!(ActivationL1 >= 0 && double.IsFinite(ActivationL1)))
        {
            throw new ArgumentOutOfRangeException(nameof(ActivationL1), ActivationL1, "Use 0 (no penalty) or a positive, finite weight.");
        }

        ArgumentNullException.ThrowIfNull(Schedule, nameof(Schedule));
        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use −1 (all cores) or a positive number.");
        }
    }
}
