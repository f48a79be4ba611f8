namespace UnIT.Training;

/// <summary>
/// Work a training loop interleaves with the optimizer steps of <see cref="Trainer.TrainEpoch(Data.Dataset, int, ITrainingHook?)"/>:
/// a loss term of its own (its gradient added to the cross-entropy's before the step), and anything that must happen
/// between steps (e.g. masking or restoring channels). Called on the training thread, one batch at a time.
/// </summary>
public interface ITrainingHook
{
    /// <summary>
    /// Called when the batch's cross-entropy gradients are in every <see cref="Parameter.Gradient"/>, before the optimizer
    /// step. May add the gradient of an extra loss term to them (Frozen masks are re-applied afterwards).
    /// </summary>
    void BeforeStep(TrainingBatch batch);

    /// <summary>Called after the optimizer step; may change weights and masks (the next batch sees the change).</summary>
    void AfterStep(TrainingBatch batch);
}

/// <summary>Where a training step is in its epoch.</summary>
/// <param name="Epoch">The epoch index passed to <see cref="Trainer.TrainEpoch(Data.Dataset, int, ITrainingHook?)"/>.</param>
/// <param name="Index">0-based batch number within the epoch.</param>
/// <param name="Count">Batches in the epoch.</param>
/// <param name="MeanLoss">The batch's mean cross-entropy before the step (extra loss terms not included).</param>
public readonly record struct TrainingBatch(int Epoch, int Index, int Count, double MeanLoss);
