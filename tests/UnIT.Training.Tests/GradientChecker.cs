using UnIT.Training.Data;
using UnIT.Training.Layers;

namespace UnIT.Training.Tests;

/// <summary>
/// Central finite differences of the mean loss, in float, against the analytic gradient. A gradient passes when
/// <c>|numeric − analytic| ≤ AbsoluteTolerance + RelativeTolerance · |numeric|</c>; the worst ratio of error to
/// allowance is reported so that a wrong gradient (ratio ≫ 1) fails clearly.
/// </summary>
/// <remarks>
/// ReLU and max pooling make the loss piecewise smooth (a thresholded ReLU even jumps), and a difference quotient
/// across a kink measures nothing. So each probe also records which ReLU outputs are active and which input won
/// each max-pool window; an element whose ± probes change that pattern is not compared, and callers assert that
/// such elements are rare, so the check keeps its teeth.
/// </remarks>
internal static class GradientChecker
{
    public const float Step = 1e-3f;
    public const double AbsoluteTolerance = 3e-5;
    public const double RelativeTolerance = 1e-2;

    /// <summary>
    /// The analytic mean-loss gradient of every parameter (copies); with <paramref name="activationL1"/>, of the loss
    /// plus that penalty on every ReLU output (<see cref="TrainingOptions.ActivationL1"/>).
    /// </summary>
    public static Dictionary<string, float[]> Analytic(TrainableNetwork network, Dataset data, double activationL1 = 0)
    {
        var trainer = new Trainer(network, TrainingOptions.Default with { ChunkSize = 2, ActivationL1 = activationL1 });
        trainer.ComputeGradients(data, [.. Enumerable.Range(0, data.Count)]);
        return network.Parameters.ToDictionary(p => p.Name, p => (float[])p.Gradient.Clone());
    }

    /// <summary>
    /// The largest <c>|numeric − analytic| / allowance</c> over every element of every parameter (≤ 1 passes), where it
    /// happened, and the fraction of elements skipped because a probe crossed a kink.
    /// </summary>
    public static (double Ratio, string Where, double SkippedFraction) WorstRatio(
        TrainableNetwork network, Dataset data, Dictionary<string, float[]> analytic, double activationL1 = 0)
    {
        var (_, basePattern) = Probe(network, data, activationL1);
        var worst = (Ratio: 0.0, Where: "nothing checked");
        var (checkedCount, skipped) = (0, 0);
        foreach (var parameter in network.Parameters)
        {
            for (var i = 0; i < parameter.Count; i++)
            {
                var original = parameter.Values[i];
                parameter.Values[i] = original + Step;
                var (plus, plusPattern) = Probe(network, data, activationL1);
                parameter.Values[i] = original - Step;
                var (minus, minusPattern) = Probe(network, data, activationL1);
                parameter.Values[i] = original;
                if (!plusPattern.SequenceEqual(basePattern) || !minusPattern.SequenceEqual(basePattern))
                {
                    skipped++;
                    continue;
                }

                checkedCount++;
                var numeric = (plus - minus) / (2.0 * Step);
                var error = Math.Abs(numeric - analytic[parameter.Name][i]);
                var ratio = error / (AbsoluteTolerance + (RelativeTolerance * Math.Abs(numeric)));
                if (ratio > worst.Ratio)
                {
                    worst = (ratio, $"{parameter.Name}[{i}]: numeric {numeric:G6}, analytic {analytic[parameter.Name][i]:G6}");
                }
            }
        }

        return (worst.Ratio, worst.Where, (double)skipped / (skipped + checkedCount));
    }

    /// <summary>
    /// Mean loss (plus <paramref name="activationL1"/> times the summed ReLU outputs per sample) and the discrete pattern
    /// (active ReLUs, max-pool winners) of one forward pass.
    /// </summary>
    private static (double MeanLoss, List<int> Pattern) Probe(TrainableNetwork network, Dataset data, double activationL1)
    {
        var workspace = TestNetworks.Forward(network, data);
        var pattern = new List<int>();
        var activationSum = 0.0;
        for (var i = 0; i < network.Operators.Count; i++)
        {
            var output = workspace.Activations[i + 1].AsSpan(0, data.Count * network.Operators[i].OutputSize);
            switch (network.Operators[i])
            {
                case ReluOperator:
                    foreach (var value in output)
                    {
                        pattern.Add(value != 0f ? 1 : 0);
                        activationSum += value;
                    }

                    break;
                case MaxPoolOperator:
                    pattern.AddRange(((MaxPoolOperator.Scratch)workspace.Scratches[i]).Winners.AsSpan(0, output.Length).ToArray());
                    break;
            }
        }

        var loss = 0.0;
        var classes = network.OutputSize;
        for (var s = 0; s < data.Count; s++)
        {
            loss += SoftmaxCrossEntropy.Evaluate(workspace.Activations[^1].AsSpan(s * classes, classes), data.Label(s), 0f, [], out _);
        }

        return ((loss + (activationL1 * activationSum)) / data.Count, pattern);
    }
}
