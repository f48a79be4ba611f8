using UnIT.Training.Data;

namespace UnIT.Training.Tests;

/// <summary>Decodes the embedded MNIST digits once for every test class that needs them.</summary>
internal static class MnistFixture
{
    private static readonly Lazy<MnistDataset> Loaded = new(() => MnistDataset.Load());

    public static MnistDataset Mnist => Loaded.Value;
}
