using UnIT.NumPy;

namespace UnIT.Runtime.Tests;

/// <summary>Builds an in-memory <c>.npz</c> weight file for hand-written test networks.</summary>
public static class TestWeights
{
    public static WeightFile Create(params (string Name, float[] Data, int[] Shape)[] tensors)
    {
        var bytes = NpzWriter.ToBytes(tensors.Select(t => NumPyArray.FromSingles(t.Name, t.Data, t.Shape)), compressed: false);
        return WeightFile.Parse(bytes, "test.npz");
    }
}
