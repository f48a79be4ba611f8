using UnIT.Training.Numerics;

namespace UnIT.Training;

/// <summary>
/// PyTorch's default initialisation of <c>Conv1d</c>/<c>Conv2d</c>/<c>Linear</c> (their <c>reset_parameters</c>),
/// drawn from a <see cref="SeededRandom"/> (the values differ from PyTorch's generator, the distributions do not).
/// </summary>
internal static class PyTorchInitialization
{
    /// <summary>
    /// Weight: <c>kaiming_uniform_(w, a=√5)</c>, i.e. <c>U(−bound, bound)</c> with
    /// <c>bound = gain·√(3/fan_in)</c>, <c>gain = √(2/(1+a²))</c>, which is <c>1/√fan_in</c>.
    /// Bias: <c>U(−1/√fan_in, 1/√fan_in)</c>. Values are drawn weight first, row-major.
    /// </summary>
    public static void Initialize(TrainableLayer layer, SeededRandom random)
    {
        var fanIn = layer.Geometry.FanIn;
        var a = Math.Sqrt(5);
        var gain = Math.Sqrt(2.0 / (1 + (a * a)));
        var weightBound = gain * Math.Sqrt(3.0 / fanIn);
        Fill(layer.Weight.Values, weightBound, random);
        if (layer.Bias is not null)
        {
            Fill(layer.Bias.Values, 1 / Math.Sqrt(fanIn), random);
        }
    }

    private static void Fill(float[] values, double bound, SeededRandom random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextUniform(-bound, bound);
        }
    }
}
