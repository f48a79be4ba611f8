using UnIT.Text;

namespace UnIT.NumPy;

/// <summary>What kind of problem a <see cref="NumPyFormatException"/> reports (diagnostics map each to its own id).</summary>
public enum NumPyProblemKind
{
    /// <summary>The file or an archive member is not a valid, complete NumPy file.</summary>
    Malformed,

    /// <summary>A tensor's dtype cannot be read: big-endian, object, structured or an unsupported type.</summary>
    UnsupportedDType,

    /// <summary>The file has no tensor of the requested name.</summary>
    MissingTensor,
}

/// <summary>
/// A weight file that cannot be used as it is: empty, truncated, not NumPy, an unsupported dtype, a damaged
/// archive, a missing tensor. Every reader failure is this exception (never an index or zip exception), so
/// the generator can turn it into one diagnostic that names the file, the tensor and the fix.
/// </summary>
/// <remarks>
/// <see cref="Exception.Message"/> is exactly
/// <c>Weight file '{FileName}', tensor '{TensorName}': {Problem}. Fix: {Fix}</c>, or without the tensor part
/// when the problem is not about one tensor.
/// </remarks>
public sealed class NumPyFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The weight file, as the user named it.</param>
    /// <param name="tensorName">The tensor concerned, or null when the problem is the whole file.</param>
    /// <param name="problem">What is wrong, without a trailing period.</param>
    /// <param name="fix">What the user should do about it.</param>
    /// <param name="innerException">The framework exception this wraps (a damaged deflate stream), if any.</param>
    /// <param name="kind">What kind of problem it is.</param>
    public NumPyFormatException(string fileName, string? tensorName, string problem, string fix, Exception? innerException = null, NumPyProblemKind kind = NumPyProblemKind.Malformed)
        : base(Format(fileName, tensorName, problem, fix), innerException)
    {
        Kind = kind;
        FileName = fileName;
        TensorName = tensorName;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>What kind of problem it is.</summary>
    public NumPyProblemKind Kind { get; }

    /// <summary>The weight file's name.</summary>
    public string FileName { get; }

    /// <summary>The tensor the problem is about, or null when it concerns the whole file.</summary>
    public string? TensorName { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>How to fix it.</summary>
    public string Fix { get; }

    private static string Format(string fileName, string? tensorName, string problem, string fix) =>
        tensorName is null
            ? $"Weight file '{Excerpt.Of(fileName)}': {problem}. Fix: {fix}"
            : $"Weight file '{Excerpt.Of(fileName)}', tensor '{Excerpt.Of(tensorName)}': {problem}. Fix: {fix}";
}
