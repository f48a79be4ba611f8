using UnIT.Training.Optimizers;

namespace UnIT.Training.Pruning;

/// <summary>How <see cref="StructuredPruner"/> measures a channel's importance.</summary>
public enum ChannelSalience
{
    /// <summary>
    /// First-order Taylor: <c>|Σ θ·∂L_s/∂θ|</c> over the channel's weights and bias, the first-order change of a sample's loss
    /// when the channel's output is zeroed, averaged over the probe samples. In loss units, so channels of different layers
    /// compare fairly. A masked channel is measured with the output it would have (what bringing it back would change).
    /// </summary>
    Taylor,

    /// <summary>
    /// The L2 norm of the channel's weights and bias. Free to compute, but it compares layers only as far as their weight
    /// scales agree, and ignores how much the rest of the network relies on the channel.
    /// </summary>
    L2Norm,
}

/// <summary>
/// The knobs of <see cref="StructuredPruner"/>. The defaults prune the paper's MNIST model to half its MACs and half its
/// peak RAM within a few tenths of a point of dense accuracy in well under a minute on 2 cores (docs/structured-pruning.md).
/// </summary>
public sealed record StructuredPruningOptions
{
    /// <summary>The defaults.</summary>
    public static StructuredPruningOptions Default { get; } = new();

    /// <summary>
    /// How flash and peak RAM are counted (default <see cref="ResourceAccounting.Chip"/> in Q15: code, tables and the
    /// accumulators of the kernels UnIT may pick; <see cref="ResourceAccounting.WeightsOnly"/> for the paper's measure).
    /// </summary>
    public ResourceAccounting Accounting { get; init; } = ResourceAccounting.Default;

    /// <summary>
    /// The salience measure (default <see cref="ChannelSalience.Taylor"/>: it compares channels of different layers in one
    /// unit, the loss, and it sees a channel the rest of the network depends on even when its weights are small; the L2
    /// norm of a conv1 filter of 25 weights and of a conv2 filter of 150 are not on one scale).
    /// </summary>
    public ChannelSalience Salience { get; init; } = ChannelSalience.Taylor;

    /// <summary>A pruning step (rank, mask, feedback, report) every this many training batches of the search phase.</summary>
    public int PruneEveryBatches { get; init; } = 20;

    /// <summary>At most this many channels masked per step (fewer once every budget holds).</summary>
    public int ChannelsPerStep { get; init; } = 1;

    /// <summary>
    /// Epochs of the search phase (pruning steps interleaved with training, masks soft); it goes on past them, up to
    /// <see cref="MaxSearchEpochs"/>, while a budget is still exceeded.
    /// </summary>
    public int SearchEpochs { get; init; } = 3;

    /// <summary>The search phase's limit; whatever budget is still exceeded then is met at once by masking the lowest-ranked channels.</summary>
    public int MaxSearchEpochs { get; init; } = 20;

    /// <summary>
    /// λ, the weight of the <see cref="ResourceBudgetLoss"/> added to the cross-entropy during the search (0 turns it off).
    /// The default pushes a channel that costs a third of an exceeded budget with a gradient of norm ≈ 0.003 per unit of
    /// excess, a fraction of the cross-entropy gradient of a trained MNIST conv1 channel over a batch of 32 (0.02–0.2): felt,
    /// never dominant. (On the paper's MNIST model λ from 0 to 0.1 moved validation accuracy by at most 0.1 point.)
    /// </summary>
    public double BudgetLossWeight { get; init; } = 0.01;

    /// <summary>
    /// Feedback: a masked channel comes back in place of the weakest kept one when its salience is more than
    /// <c>1 + RestoreMargin</c> times that channel's, and the swap stays within budget (a masked channel that fits the
    /// budget as it is comes back without a swap).
    /// </summary>
    public double RestoreMargin { get; init; } = 0.25;

    /// <summary>Training samples (a fixed, seeded choice) the Taylor salience is measured on at every step.</summary>
    public int ProbeSamples { get; init; } = 256;

    /// <summary>Each step's salience is <c>s ← β·s + (1 − β)·measured</c> with β this value (0: the latest measurement only).</summary>
    public double SalienceSmoothing { get; init; } = 0.5;

    /// <summary>The fewest channels a prunable layer keeps.</summary>
    public int MinChannels { get; init; } = 1;

    /// <summary>Whether every step evaluates the validation data (for the progress report; nothing is chosen on it).</summary>
    public bool EvaluateEveryStep { get; init; } = true;

    /// <summary>
    /// Training during the search: Adam lr 1e-3 at a constant rate, batch 32, ±2 pixel translations; its seed also chooses
    /// the probe samples. (<see cref="TrainingOptions.Epochs"/> is ignored: see <see cref="SearchEpochs"/>.)
    /// </summary>
    public TrainingOptions Search { get; init; } = TrainingOptions.Default with
    {
        Optimizer = new AdamSettings(LearningRate: 1e-3),
        Schedule = LearningRateSchedule.Constant,
    };

    /// <summary>
    /// Fine-tuning with the masks frozen: the trainer's defaults (Adam lr 2e-3, cosine annealing, batch 32, ±2 pixel
    /// translations) for 15 epochs, with a fresh optimizer.
    /// </summary>
    public TrainingOptions FineTuning { get; init; } = TrainingOptions.Default with { Epochs = 15 };

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Accounting, nameof(Accounting));
        ArgumentOutOfRangeException.ThrowIfLessThan(PruneEveryBatches, 1, nameof(PruneEveryBatches));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChannelsPerStep, 1, nameof(ChannelsPerStep));
        ArgumentOutOfRangeException.ThrowIfLessThan(SearchEpochs, 1, nameof(SearchEpochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSearchEpochs, SearchEpochs, nameof(MaxSearchEpochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(ProbeSamples, 1, nameof(ProbeSamples));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinChannels, 1, nameof(MinChannels));
        if (!(BudgetLossWeight >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(BudgetLossWeight), BudgetLossWeight, "Use 0 (off) or a positive weight.");
        }

        if (!(RestoreMargin >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(RestoreMargin), RestoreMargin, "Use 0 or more.");
        }

        if (!(SalienceSmoothing >= 0 && SalienceSmoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SalienceSmoothing), SalienceSmoothing, "Use a value in [0, 1).");
        }

        ArgumentNullException.ThrowIfNull(Search, nameof(Search));
        ArgumentNullException.ThrowIfNull(FineTuning, nameof(FineTuning));
        Search.Validate();
        FineTuning.Validate();
    }
}
