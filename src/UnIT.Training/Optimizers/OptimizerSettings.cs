namespace UnIT.Training.Optimizers;

/// <summary>
/// Which optimizer to train with and its hyper-parameters; <see cref="Create"/> makes a fresh one. Hyper-parameters
/// are doubles, as PyTorch's are Python floats; each step rounds the coefficients to float as PyTorch's kernels do.
/// </summary>
public abstract record OptimizerSettings
{
    /// <summary>A new optimizer with empty state.</summary>
    public abstract IOptimizer Create();
}

/// <summary>Hyper-parameters of <see cref="SgdOptimizer"/> (PyTorch <c>SGD</c>).</summary>
/// <param name="LearningRate">Step size <c>lr</c>.</param>
/// <param name="Momentum">Momentum <c>μ</c>; 0 is plain SGD.</param>
/// <param name="WeightDecay">L2 penalty <c>λ</c> added to the gradient as <c>λ·w</c>.</param>
public sealed record SgdSettings(double LearningRate, double Momentum = 0, double WeightDecay = 0) : OptimizerSettings
{
    /// <inheritdoc/>
    public override IOptimizer Create() => new SgdOptimizer(this);
}

/// <summary>Hyper-parameters of <see cref="AdamOptimizer"/> (PyTorch <c>Adam</c> defaults).</summary>
/// <param name="LearningRate">Step size <c>lr</c>.</param>
/// <param name="Beta1">Decay of the first moment.</param>
/// <param name="Beta2">Decay of the second moment.</param>
/// <param name="Epsilon">Added to the denominator.</param>
/// <param name="WeightDecay">L2 penalty <c>λ</c> added to the gradient as <c>λ·w</c>.</param>
public sealed record AdamSettings(
    double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0) : OptimizerSettings
{
    /// <inheritdoc/>
    public override IOptimizer Create() => new AdamOptimizer(this);
}
