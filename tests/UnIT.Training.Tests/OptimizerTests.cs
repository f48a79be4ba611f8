using UnIT.Training.Optimizers;

namespace UnIT.Training.Tests;

/// <summary>
/// Optimizer steps against PyTorch. The expected values were computed once with torch 1.13 (float32 parameter
/// <c>[0.5, −1.25, 2, 0]</c>, the gradients below set by hand before each <c>step()</c>, <c>foreach=False</c>);
/// each case also restates the first step by hand from PyTorch's documented update.
/// </summary>
public class OptimizerTests
{
    private static readonly float[] Start = [0.5f, -1.25f, 2f, 0f];

    private static readonly float[][] Gradients =
    [
        [0.1f, -0.2f, 0.3f, 0.05f],
        [-0.4f, 0.25f, 0f, 1.5f],
        [0.1f, -0.2f, 0.3f, 0.05f],
    ];

    [Fact]
    public void Plain_sgd_matches_pytorch()
    {
        var trajectory = Run(new SgdSettings(LearningRate: 0.05), steps: 2);

        // w − lr·g, by hand.
        AssertClose([0.5f - 0.005f, -1.25f + 0.01f, 2f - 0.015f, -0.0025f], trajectory[0]);
        AssertClose([4.950000048e-01f, -1.240000010e+00f, 1.985000014e+00f, -2.500000177e-03f], trajectory[0]);
        AssertClose([5.149999857e-01f, -1.252500057e+00f, 1.985000014e+00f, -7.750000060e-02f], trajectory[1]);
    }

    [Fact]
    public void Sgd_with_momentum_and_weight_decay_matches_pytorch()
    {
        var trajectory = Run(new SgdSettings(LearningRate: 0.1, Momentum: 0.9, WeightDecay: 0.01), steps: 3);

        // First step: v = g + λ·w (no momentum history yet), w − lr·v.
        AssertClose([0.5f - (0.1f * (0.1f + 0.005f)), -1.25f - (0.1f * (-0.2f - 0.0125f)), 2f - (0.1f * (0.3f + 0.02f)), -0.005f], trajectory[0]);
        AssertClose([4.894999862e-01f, -1.228749990e+00f, 1.968000054e+00f, -5.000000354e-03f], trajectory[0]);
        AssertClose([5.195605159e-01f, -1.233396292e+00f, 1.937232018e+00f, -1.594949961e-01f], trajectory[1]);
        AssertClose([5.360953808e-01f, -1.216344476e+00f, 1.877603531e+00f, -3.033809960e-01f], trajectory[2]);
    }

    [Fact]
    public void Adam_with_weight_decay_matches_pytorch()
    {
        var trajectory = Run(new AdamSettings(LearningRate: 0.01, WeightDecay: 0.001), steps: 3);

        // First step: m̂ = g, v̂ = g², so w − lr·g/(|g| + ε) ≈ w − lr·sign(g) for g = ∇ + λ·w.
        AssertClose([0.49f, -1.24f, 1.99f, -0.01f], trajectory[0], tolerance: 1e-6f);
        AssertClose([4.900000095e-01f, -1.240000010e+00f, 1.990000010e+00f, -9.999996983e-03f], trajectory[0]);
        AssertClose([4.955828786e-01f, -1.241573215e+00f, 1.983250499e+00f, -1.766035706e-02f], trajectory[1]);
        AssertClose([4.982606471e-01f, -1.239199758e+00f, 1.975043774e+00f, -2.379128709e-02f], trajectory[2]);
    }

    [Fact]
    public void Adam_with_defaults_matches_pytorch()
    {
        var trajectory = Run(new AdamSettings(), steps: 3);

        AssertClose([4.990000129e-01f, -1.248999953e+00f, 1.998999953e+00f, -9.999996983e-04f], trajectory[0]);
        AssertClose([4.995595217e-01f, -1.249162674e+00f, 1.998329878e+00f, -1.766035799e-03f], trajectory[1]);
        AssertClose([4.998291731e-01f, -1.248930693e+00f, 1.997511864e+00f, -2.379135927e-03f], trajectory[2]);
    }

    [Fact]
    public void The_learning_rate_can_be_changed_between_steps()
    {
        var optimizer = new SgdSettings(LearningRate: 1).Create();
        var parameter = new Parameter("w", 1);
        parameter.Gradient[0] = 1f;
        optimizer.LearningRate = 0.25;
        optimizer.Step([parameter]);

        Assert.Equal(-0.25f, parameter.Values[0]);
    }

    [Fact]
    public void Cosine_schedule_anneals_from_one_to_almost_zero()
    {
        var schedule = LearningRateSchedule.Cosine;

        Assert.Equal(1.0, schedule.Factor(0, 10));
        Assert.Equal(0.5, schedule.Factor(5, 10), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 0.9)), schedule.Factor(9, 10), 12);
        Assert.Equal(1.0, LearningRateSchedule.Constant.Factor(9, 10));
    }

    private static List<float[]> Run(OptimizerSettings settings, int steps)
    {
        var optimizer = settings.Create();
        var parameter = new Parameter("w", 4);
        Start.CopyTo(parameter.Values, 0);
        var trajectory = new List<float[]>();
        for (var step = 0; step < steps; step++)
        {
            Gradients[step].CopyTo(parameter.Gradient, 0);
            optimizer.Step([parameter]);
            trajectory.Add((float[])parameter.Values.Clone());
        }

        return trajectory;
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance = 2e-7f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = tolerance * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= allowed, $"element {i}: expected {expected[i]:G9}, got {actual[i]:G9}");
        }
    }
}
