using System.Text;
using UnIT.Model;
using UnIT.Model.Catalog;
using static UnIT.Model.Catalog.AttributeText;

namespace UnIT.Training.Pruning;

/// <summary>
/// Writes the attribute declaration of a network (what the UnIT source generator reads), so a pruned network can be pasted
/// into a project: <c>[UnitNetwork(...)]</c>, one layer attribute per layer in execution order, and the class.
/// </summary>
/// <example>
/// <code>
/// [UnitNetwork("mnist-structured.npz", Input = "1x28x28")]
/// [Conv2d("conv1", 3, Kernel = 5)]
/// [ReLU]
/// [MaxPool2d(2)]
/// [Conv2d("conv2", 15, Kernel = 5)]
/// [ReLU]
/// [MaxPool2d(2)]
/// [Flatten]
/// [Dense("fc1", 10)]
/// public static partial class MnistStructured;
/// </code>
/// </example>
public static class AttributeDeclaration
{
    /// <summary>
    /// The declaration of <paramref name="definition"/> reading <paramref name="weightFile"/>, on class
    /// <paramref name="className"/>, naming <paramref name="calibrationFile"/> when it has one.
    /// </summary>
    /// <remarks>
    /// Only settings that differ from what the generator assumes when they are left out are written. A definition with
    /// <see cref="NetworkOptions.Default"/> (as networks built for training usually are) gets no network options at all,
    /// so the generator's defaults for Float32 apply; set <c>Format</c>, <c>Threshold</c> and the rest when you deploy.
    /// </remarks>
    public static string Write(NetworkDefinition definition, string weightFile, string? className = null, string? calibrationFile = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(weightFile);
        var text = new StringBuilder();
        text.Append("[UnitNetwork(").Append(Quote(weightFile)).Append(", Input = ").Append(Quote(definition.InputShape.ToString()));
        if (definition.Options != NetworkOptions.Default)
        {
            AppendNetworkOptions(text, definition.Options);
        }

        if (calibrationFile is not null)
        {
            text.Append(", Calibration = ").Append(Quote(calibrationFile));
        }

        text.Append(")]\n");
        foreach (var layer in definition.Layers)
        {
            text.Append(Layer(layer)).Append('\n');
        }

        text.Append("public static partial class ").Append(className ?? ClassName(definition.Name)).Append(";\n");
        return text.ToString();
    }

    /// <summary>The attribute of one layer, e.g. <c>[Conv2d("conv1", 3, Kernel = 5)]</c> (<see cref="LayerCatalog.Write"/>).</summary>
    public static string Layer(LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return LayerCatalog.Write(layer);
    }

    private static void AppendNetworkOptions(StringBuilder text, NetworkOptions options)
    {
        if (options.Format != NumberFormat.Float32)
        {
            text.Append(", Format = NumberFormat.").Append(options.Format);
        }

        // Left out, the profile is the FR5994 in the arithmetic the network computes in (hardware multiplier for Q15, software float otherwise).
        var defaultProfile = options.Format == NumberFormat.Q15 ? TargetProfile.Msp430FR5994 : TargetProfile.Msp430FR5994SoftFloat;
        if (options.Profile != defaultProfile)
        {
            text.Append(", Profile = TargetProfile.").Append(options.Profile);
        }

        if (options.Division != DivisionApproximation.Exact)
        {
            text.Append(", Division = DivisionApproximation.").Append(options.Division);
        }

        if (options.DefaultThreshold != 0f)
        {
            text.Append(", Threshold = ").Append(Float(options.DefaultThreshold));
        }

        if (options.InputRange is { } range)
        {
            text.Append(", InputRange = ").Append(Float(range));
        }

        if (options.FoldsInputNormalization)
        {
            text.Append(", InputMean = ").Append(Float(options.InputMean)).Append(", InputStandardDeviation = ").Append(Float(options.InputStandardDeviation));
        }

        if (options.ReciprocalTableBits != 4)
        {
            text.Append(", ReciprocalTableBits = ").Append(Int(options.ReciprocalTableBits));
        }
    }

    /// <summary>A C# class name from a network or file name: <c>mnist-structured</c> gives <c>MnistStructured</c>.</summary>
    public static string ClassName(string name)
    {
        var words = name.Split(['-', '_', ' ', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]);
        var joined = string.Concat(words);
        return joined.Length == 0 || !char.IsLetter(joined[0]) ? "Network" + joined : joined;
    }
}
