using UnIT.Text;

namespace UnIT.Preparation;

/// <summary>What went wrong binding a weight file to a network definition.</summary>
public enum WeightBindingProblem
{
    /// <summary>A tensor has the wrong shape for the layer that reads it.</summary>
    ShapeMismatch,

    /// <summary>A tensor holds NaN or an infinity.</summary>
    NonFiniteValue,

    /// <summary>A tensor's values are impossible for its role (e.g. a negative BatchNorm variance).</summary>
    InvalidValue,
}

/// <summary>
/// A readable weight file that does not fit the network: a tensor of the wrong shape, NaN/Inf weights, a negative
/// variance. The message names the file, the tensor, the layer and the fix.
/// </summary>
public sealed class WeightBindingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeightBindingException(WeightBindingProblem kind, string fileName, string tensorName, string layerLabel, string problem, string fix)
        : base($"Weight file '{Excerpt.Of(fileName)}', tensor '{Excerpt.Of(tensorName)}' (layer '{Excerpt.Of(layerLabel)}'): {problem}. Fix: {fix}")
    {
        Kind = kind;
        FileName = fileName;
        TensorName = tensorName;
        LayerLabel = layerLabel;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>The kind of problem.</summary>
    public WeightBindingProblem Kind { get; }

    /// <summary>The weight file.</summary>
    public string FileName { get; }

    /// <summary>The tensor.</summary>
    public string TensorName { get; }

    /// <summary>The layer that reads it.</summary>
    public string LayerLabel { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>How to fix it.</summary>
    public string Fix { get; }
}
