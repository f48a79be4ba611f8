namespace UnIT.Training.Optimizers;

/// <summary>How the learning rate changes from epoch to epoch, as a factor of the optimizer's base rate.</summary>
public abstract record LearningRateSchedule
{
    /// <summary>The base rate throughout.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>
    /// Cosine annealing to zero over the run, stepped once per epoch (PyTorch's <c>CosineAnnealingLR</c> with
    /// <c>T_max</c> = epochs, <c>eta_min</c> = 0): epoch <c>e</c> of <c>E</c> uses <c>½·(1 + cos(π·e/E))</c>.
    /// </summary>
    public static LearningRateSchedule Cosine { get; } = new CosineSchedule();

    /// <summary>The factor for 0-based epoch <paramref name="epoch"/> of a run of <paramref name="epochs"/> epochs.</summary>
    public abstract double Factor(int epoch, int epochs);

    private sealed record ConstantSchedule : LearningRateSchedule
    {
        public override double Factor(int epoch, int epochs) => 1;

        public override string ToString() => "Constant";
    }

    private sealed record CosineSchedule : LearningRateSchedule
    {
        public override double Factor(int epoch, int epochs) => epochs <= 1 ? 1 : 0.5 * (1 + Math.Cos(Math.PI * epoch / epochs));

        public override string ToString() => "Cosine";
    }
}
