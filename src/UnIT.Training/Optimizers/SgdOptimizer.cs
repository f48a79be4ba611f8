namespace UnIT.Training.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, as PyTorch's <c>torch.optim.SGD</c> (dampening 0, not Nesterov):
/// <c>g = ∇w + λ·w; v = μ·v + g</c> (<c>v = g</c> on the first step); <c>w += (−lr)·v</c> (<c>w += (−lr)·g</c> when μ = 0).
/// </summary>
public sealed class SgdOptimizer(SgdSettings settings) : IOptimizer
{
    private readonly Dictionary<Parameter, float[]> _velocity = [];

    /// <summary>The hyper-parameters.</summary>
    public SgdSettings Settings { get; } = settings;

    /// <inheritdoc/>
    public double LearningRate { get; set; } = settings.LearningRate;

    /// <inheritdoc/>
    public int Steps { get; private set; }

    /// <inheritdoc/>
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var negativeLr = (float)-LearningRate;
        var momentum = (float)Settings.Momentum;
        var decay = (float)Settings.WeightDecay;
        foreach (var parameter in parameters)
        {
            var w = parameter.Values;
            var gradient = parameter.Gradient;
            if (momentum == 0f)
            {
                for (var i = 0; i < w.Length; i++)
                {
                    w[i] += negativeLr * (gradient[i] + (decay * w[i]));
                }

                continue;
            }

            // A zero-initialised velocity makes the first step v = μ·0 + g = g exactly, PyTorch's clone of g.
            if (!_velocity.TryGetValue(parameter, out var v))
            {
                v = new float[w.Length];
                _velocity.Add(parameter, v);
            }

            for (var i = 0; i < w.Length; i++)
            {
                v[i] = (v[i] * momentum) + (gradient[i] + (decay * w[i]));
                w[i] += negativeLr * v[i];
            }
        }

        Steps++;
    }
}
