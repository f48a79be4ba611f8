namespace UnIT.Training;

/// <summary>
/// One trainable tensor (a <c>state_dict</c> entry such as <c>conv1.weight</c>) and the gradient of the last
/// training step's mean loss with respect to it. Row-major, PyTorch layout.
/// </summary>
public sealed class Parameter
{
    internal Parameter(string name, params int[] shape)
    {
        Name = name;
        Shape = shape;
        var count = 1;
        foreach (var dimension in shape)
        {
            count = checked(count * dimension);
        }

        Values = new float[count];
        Gradient = new float[count];
    }

    /// <summary>The <c>state_dict</c> key, e.g. <c>conv1.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The PyTorch shape, e.g. <c>[6, 1, 5, 5]</c>.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Count => Values.Length;

    /// <summary>The values, row-major; optimizers update them in place.</summary>
    public float[] Values { get; }

    /// <summary>The gradient of the last training step (mean loss over its batch); masked per <see cref="MaskMode"/>.</summary>
    public float[] Gradient { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}
