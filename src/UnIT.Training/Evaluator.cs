using UnIT.Training.Data;

namespace UnIT.Training;

/// <summary>Accuracy and loss of the float model (masks applied) on a dataset.</summary>
public static class Evaluator
{
    private const int BlockSize = 256;
    private const int ChunkSize = 16;

    /// <summary>Classifies every sample of <paramref name="data"/>; runs on up to <paramref name="maxDegreeOfParallelism"/> threads (−1: all).</summary>
    public static EvaluationResult Evaluate(TrainableNetwork network, Dataset data, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.SampleSize != network.InputSize)
        {
            throw new ArgumentException($"The samples are [{data.SampleShape}] but the network takes [{network.InputShape}].", nameof(data));
        }

        var runner = new BatchRunner(network, ChunkSize, maxDegreeOfParallelism);
        var order = Enumerable.Range(0, data.Count).ToArray();
        var lossSum = 0.0;
        var correct = 0;
        for (var start = 0; start < data.Count; start += BlockSize)
        {
            var outcome = runner.Run(data, order, start, Math.Min(BlockSize, data.Count - start), computeGradients: false, gradientScale: 0f);
            lossSum += outcome.LossSum;
            correct += outcome.Correct;
        }

        return new EvaluationResult(data.Count, correct, data.Count == 0 ? 0 : lossSum / data.Count);
    }
}

/// <summary>How a model did on a dataset.</summary>
/// <param name="Count">Samples evaluated.</param>
/// <param name="Correct">Samples whose first maximal logit is the label.</param>
/// <param name="MeanLoss">Mean softmax cross-entropy.</param>
public sealed record EvaluationResult(int Count, int Correct, double MeanLoss)
{
    /// <summary>Accuracy in percent.</summary>
    public double AccuracyPercent => Count == 0 ? 0 : 100.0 * Correct / Count;
}
