namespace UnIT.Training.Optimizers;

/// <summary>
/// Adam as PyTorch's <c>torch.optim.Adam</c> (single-tensor path, no AMSGrad, L2 weight decay added to the gradient),
/// operation for operation:
/// <code>
/// t += 1;  g = ∇w + λ·w
/// m = m + (1 − β1)·(g − m)                       // exp_avg.lerp_(g, 1 − β1)
/// v = β2·v + (1 − β2)·g·g                        // exp_avg_sq.mul_(β2).addcmul_(g, g, 1 − β2)
/// denom = √v / √(1 − β2^t) + ε
/// w = w + (−lr/(1 − β1^t))·m / denom             // addcdiv_(m, denom, value = −step_size)
/// </code>
/// Bias corrections are computed in double (Python floats) and rounded to float where the kernels use them.
/// </summary>
public sealed class AdamOptimizer(AdamSettings settings) : IOptimizer
{
    private readonly Dictionary<Parameter, (float[] M, float[] V)> _moments = [];

    /// <summary>The hyper-parameters.</summary>
    public AdamSettings Settings { get; } = settings;

    /// <inheritdoc/>
    public double LearningRate { get; set; } = settings.LearningRate;

    /// <inheritdoc/>
    public int Steps { get; private set; }

    /// <inheritdoc/>
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Steps++;
        var oneMinusBeta1 = (float)(1 - Settings.Beta1);
        var beta2 = (float)Settings.Beta2;
        var oneMinusBeta2 = (float)(1 - Settings.Beta2);
        var eps = (float)Settings.Epsilon;
        var decay = (float)Settings.WeightDecay;
        var negativeStepSize = (float)-(LearningRate / (1 - Math.Pow(Settings.Beta1, Steps)));
        var correction2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Settings.Beta2, Steps));
        foreach (var parameter in parameters)
        {
            if (!_moments.TryGetValue(parameter, out var moments))
            {
                moments = (new float[parameter.Count], new float[parameter.Count]);
                _moments.Add(parameter, moments);
            }

            var (m, v) = moments;
            var w = parameter.Values;
            var gradient = parameter.Gradient;
            for (var i = 0; i < w.Length; i++)
            {
                var g = gradient[i] + (decay * w[i]);
                m[i] += oneMinusBeta1 * (g - m[i]);
                v[i] = (v[i] * beta2) + (oneMinusBeta2 * g * g);
                var denominator = (MathF.Sqrt(v[i]) / correction2Sqrt) + eps;
                w[i] += negativeStepSize * m[i] / denominator;
            }
        }
    }
}
