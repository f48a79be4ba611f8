namespace UnIT.Training.Layers;

/// <summary>Softmax cross-entropy of one sample's logits (PyTorch's <c>CrossEntropyLoss</c> for one row).</summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Returns <c>log Σ_j exp(z_j) − z_label</c> (computed in double, shifted by the maximum for stability) and the
    /// predicted class (the first maximum). When <paramref name="gradient"/> is not empty, writes
    /// <c>(softmax(z) − onehot(label)) · scale</c> into it.
    /// </summary>
    public static double Evaluate(ReadOnlySpan<float> logits, int label, float scale, Span<float> gradient, out int predicted)
    {
        predicted = 0;
        for (var j = 1; j < logits.Length; j++)
        {
            if (logits[j] > logits[predicted])
            {
                predicted = j;
            }
        }

        double max = logits[predicted];
        var sum = 0.0;
        for (var j = 0; j < logits.Length; j++)
        {
            sum += Math.Exp(logits[j] - max);
        }

        if (!gradient.IsEmpty)
        {
            for (var j = 0; j < logits.Length; j++)
            {
                var probability = Math.Exp(logits[j] - max) / sum;
                gradient[j] = (float)((probability - (j == label ? 1.0 : 0.0)) * scale);
            }
        }

        return Math.Log(sum) + max - logits[label];
    }
}
