using UnIT.Training.Layers;

namespace UnIT.Training;

/// <summary>
/// Everything one chunk of a batch writes while it runs: activations and their gradients at every layer
/// boundary, each operator's scratch (with the chunk's own parameter gradients), the chunk's loss and hits.
/// Chunks never share a workspace, so they can run on any thread in any order.
/// </summary>
internal sealed class ChunkWorkspace
{
    public ChunkWorkspace(IReadOnlyList<LayerOperator> operators, int inputSize, int maxSamples)
    {
        MaxSamples = maxSamples;
        Activations = new float[operators.Count + 1][];
        Gradients = new float[operators.Count + 1][];
        Activations[0] = new float[maxSamples * inputSize];
        Gradients[0] = [];
        Scratches = new OperatorScratch[operators.Count];
        for (var i = 0; i < operators.Count; i++)
        {
            Activations[i + 1] = new float[maxSamples * operators[i].OutputSize];
            Gradients[i + 1] = new float[maxSamples * operators[i].OutputSize];
            Scratches[i] = operators[i].CreateScratch(maxSamples);
        }
    }

    public int MaxSamples { get; }

    /// <summary><c>Activations[0]</c> is the input, <c>Activations[i+1]</c> the output of layer <c>i</c>.</summary>
    public float[][] Activations { get; }

    /// <summary>The loss gradient at each activation (none at the input: nothing learns from it).</summary>
    public float[][] Gradients { get; }

    public OperatorScratch[] Scratches { get; }

    /// <summary>Sum of the chunk's per-sample losses, in sample order.</summary>
    public double LossSum { get; set; }

    /// <summary>Samples of the chunk whose first maximal logit is the label.</summary>
    public int Correct { get; set; }

    /// <summary>Runs every layer forward on the first <paramref name="samples"/> inputs.</summary>
    public void Forward(IReadOnlyList<LayerOperator> operators, int samples)
    {
        for (var i = 0; i < operators.Count; i++)
        {
            operators[i].Forward(Activations[i], Activations[i + 1], samples, Scratches[i]);
        }
    }

    /// <summary>
    /// Runs every layer backward from the gradient at the logits (<c>Gradients[^1]</c>). A positive
    /// <paramref name="activationPenalty"/> adds the gradient of <c>penalty · Σ y</c> over every ReLU output <c>y</c>
    /// (an L1 penalty: ReLU outputs are never negative) before that ReLU's own backward pass.
    /// </summary>
    public void Backward(IReadOnlyList<LayerOperator> operators, int samples, float activationPenalty = 0f)
    {
        for (var i = operators.Count - 1; i >= 0; i--)
        {
            if (activationPenalty > 0f && operators[i] is ReluOperator)
            {
                AddL1Gradient(Activations[i + 1], Gradients[i + 1], samples * operators[i].OutputSize, activationPenalty);
            }

            operators[i].Backward(Activations[i], Gradients[i + 1], Gradients[i], samples, Scratches[i]);
        }
    }

    /// <summary><c>gradient += penalty</c> wherever the activation is positive (the L1 subgradient; 0 at 0).</summary>
    private static void AddL1Gradient(float[] activations, float[] gradients, int count, float penalty)
    {
        for (var j = 0; j < count; j++)
        {
            if (activations[j] > 0f)
            {
                gradients[j] += penalty;
            }
        }
    }
}
