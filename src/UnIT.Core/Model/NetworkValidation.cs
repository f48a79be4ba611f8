using System.Globalization;
using UnIT.Text;

namespace UnIT.Model;

/// <summary>
/// The one place a declared value is judged on its own, before anything computes with it: enums hold a defined
/// value, thresholds and ranges are finite and not negative, sizes, strides, padding and dilation are in range
/// (<see cref="NetworkLimits"/>), group settings fit the channels. Shape inference then judges how the values combine,
/// with arithmetic these bounds keep from overflowing. Messages name the attribute property as it is written.
/// </summary>
public static class NetworkValidation
{
    /// <summary>Checks every setting of <paramref name="network"/>.</summary>
    /// <exception cref="NetworkDefinitionException">A setting is invalid; the message names it and the valid values.</exception>
    public static void Check(NetworkDefinition network)
    {
        CheckOptions(network);
        CheckNames(network);
        for (var i = 0; i < network.Layers.Count; i++)
        {
            var index = i;
            NetworkDefinitionException Invalid(string problem, NetworkProblemKind kind = NetworkProblemKind.InvalidSetting) =>
                new(network.Name, index, network.LayerLabel(index), problem, kind);
            CheckLayer(network.Layers[i], Invalid);
        }
    }

    /// <summary>A finite number &gt;= 0 (−0 included): what every threshold and range must be.</summary>
    public static bool IsThreshold(float value) => value >= 0 && !float.IsInfinity(value);

    /// <summary>A setting's value as messages quote it: round-trip, invariant.</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void CheckOptions(NetworkDefinition network)
    {
        NetworkDefinitionException Invalid(string problem) => new(network.Name, null, null, problem, NetworkProblemKind.InvalidSetting);
        var options = network.Options;
        RequireDefined(Invalid, "Format", options.Format);
        RequireDefined(Invalid, "Profile", options.Profile);
        RequireDefined(Invalid, "Division", options.Division);

        var input = network.InputShape;
        if (input.Rank is < 1 or > 3 || input.Dimensions.Any(d => d < 1) || Elements(input.Dimensions) > NetworkLimits.MaxElements)
        {
            throw Invalid($"Input \"{Excerpt.Of(input.ToString())}\" must have 1 to 3 positive dimensions and at most {Count(NetworkLimits.MaxElements)} elements");
        }

        if (options.InputRange is { } inputRange && (!(inputRange > 0) || float.IsInfinity(inputRange)))
        {
            throw Invalid($"InputRange {Format(inputRange)} must be a positive finite number (the largest |input| you expect)");
        }

        if (!IsThreshold(options.DefaultThreshold))
        {
            throw new NetworkDefinitionException(network.Name, null, null, $"the default Threshold {Format(options.DefaultThreshold)} must be a finite number >= 0 (0 turns UnIT off)", NetworkProblemKind.InvalidThreshold);
        }

        if (float.IsNaN(options.InputMean) || float.IsInfinity(options.InputMean))
        {
            throw Invalid($"InputMean {Format(options.InputMean)} must be a finite number (the mean the training inputs were normalised with)");
        }

        if (!(options.InputStandardDeviation > 0) || float.IsInfinity(options.InputStandardDeviation))
        {
            throw Invalid($"InputStandardDeviation {Format(options.InputStandardDeviation)} must be a positive finite number (the standard deviation the training inputs were divided by)");
        }

        if (options.ReciprocalTableBits is < Semantics.ReciprocalTable.MinBits or > Semantics.ReciprocalTable.MaxBits)
        {
            throw Invalid($"ReciprocalTableBits {Count(options.ReciprocalTableBits)} must be between {Semantics.ReciprocalTable.MinBits} and {Semantics.ReciprocalTable.MaxBits}");
        }
    }

    private static void CheckLayer(LayerDefinition layer, Func<string, NetworkProblemKind, NetworkDefinitionException> invalid)
    {
        NetworkDefinitionException Invalid(string problem) => invalid(problem, NetworkProblemKind.InvalidSetting);
        switch (layer)
        {
            case ConvolutionLayer conv:
            {
                var square = conv.SpatialDimensions == 1;
                RequireRange(Invalid, "out channels", conv.OutChannels, 1, NetworkLimits.MaxElements);
                RequireAxes(Invalid, "Kernel", conv.KernelHeight, conv.KernelWidth, square, 1);
                RequireAxes(Invalid, "Stride", conv.StrideHeight, conv.StrideWidth, square, 1);
                RequireAxes(Invalid, "Padding", conv.PaddingHeight, conv.PaddingWidth, square, 0);
                RequireAxes(Invalid, "Dilation", conv.DilationHeight, conv.DilationWidth, square, 1);
                RequireRange(Invalid, "Groups", conv.Groups, 1, NetworkLimits.MaxElements);
                if (conv.OutChannels % conv.Groups != 0)
                {
                    throw Invalid($"Groups = {conv.Groups} must divide the {conv.OutChannels} out channels (PyTorch's rule for groups)");
                }

                CheckPruning(conv, conv.OutChannels, invalid);
                if (conv.Pruning.Implementation is KernelImplementation.Sorted or KernelImplementation.Bucketed
                    && (conv.StrideHeight != 1 || conv.StrideWidth != 1 || conv.DilationHeight != 1 || conv.DilationWidth != 1))
                {
                    throw invalid($"Implementation = {conv.Pruning.Implementation} needs stride 1 and dilation 1 (each input's fan-out must be one fixed list); "
                        + "use Gather or Auto for strided or dilated convolutions", NetworkProblemKind.UnsupportedCombination);
                }

                break;
            }

            case DenseLayer dense:
                RequireRange(Invalid, "out features", dense.OutFeatures, 1, NetworkLimits.MaxElements);
                CheckPruning(dense, dense.OutFeatures, invalid);
                break;

            case PoolingLayer pool:
                RequireAxes(Invalid, "kernel", pool.KernelHeight, pool.KernelWidth, square: true, 1);
                RequireAxes(Invalid, "Stride", pool.StrideHeight, pool.StrideWidth, square: true, 1);
                break;

            case ReluLayer relu when !IsThreshold(relu.ActivationThreshold):
                throw invalid($"ActivationThreshold {Format(relu.ActivationThreshold)} is not a finite number >= 0 (0 is a plain ReLU)", NetworkProblemKind.InvalidThreshold);

            case BatchNormLayer bn when !(bn.Epsilon > 0) || float.IsInfinity(bn.Epsilon):
                throw Invalid($"Epsilon {Format(bn.Epsilon)} must be a positive finite number (PyTorch's default is 1e-5)");
        }
    }

    private static void CheckPruning(PrunableLayer layer, int channels, Func<string, NetworkProblemKind, NetworkDefinitionException> invalid)
    {
        NetworkDefinitionException Setting(string problem) => invalid(problem, NetworkProblemKind.InvalidSetting);
        var settings = layer.Pruning;
        RequireDefined(Setting, "Implementation", settings.Implementation);
        if (settings.Threshold is { } threshold && !IsThreshold(threshold))
        {
            throw invalid($"Threshold {Format(threshold)} must be a finite number >= 0 (0 turns UnIT off for the layer)", NetworkProblemKind.InvalidThreshold);
        }

        if (settings.OutputRange is { } range && !IsThreshold(range))
        {
            throw Setting($"OutputRange {Format(range)} must be a finite number >= 0 (the largest |output| you expect)");
        }

        if (settings.GroupSize == 0 && settings.GroupThresholds.Count == 0)
        {
            return;
        }

        var groupSize = settings.GroupSize == 0 ? channels : settings.GroupSize;
        if (groupSize < 0 || channels % groupSize != 0)
        {
            throw invalid($"GroupSize {Count(settings.GroupSize)} does not divide the {Count(channels)} output channels; use a divisor of {Count(channels)}", NetworkProblemKind.InvalidThreshold);
        }

        var groups = channels / groupSize;
        if (settings.GroupThresholds.Count > 0 && settings.GroupThresholds.Count != groups)
        {
            throw invalid($"{Count(settings.GroupThresholds.Count)} group thresholds were given for {Count(groups)} groups of {Count(groupSize)} channels; give exactly {Count(groups)}", NetworkProblemKind.InvalidThreshold);
        }

        for (var g = 0; g < settings.GroupThresholds.Count; g++)
        {
            if (!IsThreshold(settings.GroupThresholds[g]))
            {
                throw invalid($"GroupThresholds[{Count(g)}] is {Format(settings.GroupThresholds[g])}; thresholds must be finite numbers >= 0", NetworkProblemKind.InvalidThreshold);
            }
        }
    }

    private static void CheckNames(NetworkDefinition network)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < network.Layers.Count; i++)
        {
            if (network.Layers[i].TensorPrefix is not { } name)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                throw new NetworkDefinitionException(network.Name, i, network.Layers[i].Kind.ToString(),
                    "the layer has no name; give it the state_dict prefix of its tensors, e.g. \"conv1\" for conv1.weight", NetworkProblemKind.InvalidSetting);
            }

            if (name.Any(Excerpt.IsInvisible))
            {
                throw new NetworkDefinitionException(network.Name, i, Excerpt.Of(name),
                    $"the name '{Excerpt.Of(name)}' holds a control or formatting character; a state_dict key is printable text like 'features.0'", NetworkProblemKind.InvalidSetting);
            }

            if (!seen.Add(name))
            {
                throw new NetworkDefinitionException(network.Name, i, name,
                    $"the name '{Excerpt.Of(name)}' is used by two layers; each layer reads its own '<name>.weight', so names must be unique", NetworkProblemKind.InvalidSetting);
            }
        }
    }

    /// <summary>
    /// A per-axis setting (<c>Stride</c>, or <c>StrideHeight</c>/<c>StrideWidth</c> when they differ) between
    /// <paramref name="minimum"/> and <see cref="NetworkLimits.MaxExtent"/>. 1-D layers keep 1/0 on their height axis.
    /// </summary>
    private static void RequireAxes(Func<string, NetworkDefinitionException> invalid, string property, int height, int width, bool square, int minimum)
    {
        var sameName = square || height == width;
        RequireRange(invalid, sameName ? property : property + "Height", height, minimum, NetworkLimits.MaxExtent);
        RequireRange(invalid, sameName ? property : property + "Width", width, minimum, NetworkLimits.MaxExtent);
    }

    private static void RequireRange(Func<string, NetworkDefinitionException> invalid, string what, int value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            throw invalid($"{what} is {Count(value)}; it must be between {Count(minimum)} and {Count(maximum)}");
        }
    }

    private static void RequireDefined<T>(Func<string, NetworkDefinitionException> invalid, string property, T value)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(typeof(T), value))
        {
            var names = string.Join(", ", Enum.GetNames(typeof(T)).Select(n => typeof(T).Name + "." + n));
            throw invalid($"{property} = {Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)} is not a {typeof(T).Name}; use one of {names}");
        }
    }

    /// <summary>Elements of a shape, in arithmetic that cannot overflow (saturates past the limit).</summary>
    internal static long Elements(IEnumerable<int> dimensions)
    {
        var count = 1L;
        foreach (var d in dimensions)
        {
            count = Math.Min(count * Math.Max(d, 0), (long)NetworkLimits.MaxElements + 1);
        }

        return count;
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
