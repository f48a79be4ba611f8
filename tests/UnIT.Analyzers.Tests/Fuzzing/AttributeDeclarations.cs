using System.Globalization;
using System.Text;

namespace UnIT.Analyzers.Tests.Fuzzing;

/// <summary>An attribute argument: the value the test reasons about and the C# that writes it.</summary>
public sealed record Argument(string Property, string Code);

/// <summary>One layer attribute: its name (<c>Conv2d</c>), constructor arguments and named arguments.</summary>
public sealed record LayerDeclaration(string Attribute, List<string> Constructor, List<Argument> Named)
{
    public string Code => $"[{Attribute}({string.Join(", ", Constructor.Concat(Named.Select(a => $"{a.Property} = {a.Code}")))})]";
}

/// <summary>
/// A network class: <c>[UnitNetwork]</c> arguments, layers, which argument (if any) was drawn from a boundary or invalid
/// pool, and whether that value lies outside its property's valid range on its own (then it must be refused).
/// </summary>
public sealed record NetworkDeclaration(string ClassName, List<Argument> Network, List<LayerDeclaration> Layers, string? Mutated, string? MutatedCode)
{
    public bool MustBeRefused => Mutated is not null && Invalid(Mutated, MutatedCode!);

    /// <summary>
    /// Whether <paramref name="code"/> is outside <paramref name="property"/>'s valid range by itself (docs/robustness.md),
    /// whatever the rest of the network: an undefined enum value, a negative or far too large size, NaN or an infinity.
    /// </summary>
    public static bool Invalid(string property, string code) => code switch
    {
        _ when property == "name" => true, // empty, blank, a duplicate or a control character
        _ when code.StartsWith('(') => true,
        "-1" or "-2" or "int.MinValue" or "int.MaxValue" or "65536" or "1048577" => true,
        "1025" => property is not ("OutChannels" or "OutFeatures"),
        "0" => property is not ("Padding" or "PaddingHeight" or "PaddingWidth" or "GroupSize"),
        "9" => property == "ReciprocalTableBits",
        "float.NaN" or "float.PositiveInfinity" or "float.NegativeInfinity" => true,
        "-1f" => property != "InputMean",
        "0f" => property is "InputRange" or "InputStandardDeviation" or "Epsilon",
        _ => false,
    };

    public string WeightFile => ClassName.ToLowerInvariant() + ".npz";

    public string Code
    {
        get
        {
            var builder = new StringBuilder();
            var named = string.Concat(Network.Select(a => $", {a.Property} = {a.Code}"));
            builder.Append($"[UnitNetwork(\"{WeightFile}\"{named})]\n");
            foreach (var layer in Layers)
            {
                builder.Append(layer.Code).Append('\n');
            }

            return builder.Append($"public static partial class {ClassName};\n").ToString();
        }
    }
}

/// <summary>
/// Draws network declarations from a seed: a small valid network (conv → ReLU → pool → flatten → dense, 2-D or 1-D,
/// optionally with BatchNorm and per-axis settings), then at most one argument replaced by a value from the boundary or
/// invalid range of its property (every attribute property has a pool). The same seed gives the same declarations.
/// </summary>
public sealed class AttributeDeclarations(int seed)
{
    // Just outside the limits (NetworkLimits: extents up to 1024, tensors up to 2^20 elements) and far outside; the valid
    // boundary 1024 is drawn only where it stays cheap (a stride, a kernel or dilation the input cannot fit).
    private static readonly string[] InvalidInts = ["0", "-1", "-2", "1025", "65536", "int.MaxValue", "int.MinValue", "1048577"];
    private static readonly string[] BoundaryInts = ["1024", .. InvalidInts];

    // Channel and feature counts are bounded by the tensors they make (2^20 elements), so 65536 channels are valid and
    // would make a half-million-weight layer; 1025 is a cheap large valid count.
    private static readonly string[] ChannelInts = ["0", "-1", "1025", "int.MaxValue", "int.MinValue", "1048577"];
    private static readonly string[] BadFloats = ["-1f", "-0f", "float.NaN", "float.PositiveInfinity", "float.NegativeInfinity", "float.MaxValue", "float.Epsilon", "1e-30f", "0f"];

    private readonly Random _random = new(seed);

    private string? _mutatedCode;

    public NetworkDeclaration Next(string className, bool mutate)
    {
        var twoD = _random.Next(4) != 0;
        var size = _random.Next(5, 8);
        var channels = _random.Next(1, 4);
        var network = new List<Argument> { new("Input", Quote(twoD ? $"1x{size}x{size}" : $"1x{size}")) };
        if (_random.Next(2) == 0)
        {
            network.Add(new("Format", "NumberFormat." + Pick("Float32", "Q15")));
        }

        network.Add(new("Threshold", Pick("0.01f", "0.05f", "0f")));
        var conv = new LayerDeclaration(twoD ? "Conv2d" : "Conv1d", [Quote("conv1"), Int(channels)], [new("Kernel", Pick("1", "2", "3"))]);
        if (_random.Next(3) == 0)
        {
            conv.Named.Add(new("Padding", "1"));
        }

        var layers = new List<LayerDeclaration> { conv };
        if (_random.Next(4) == 0)
        {
            layers.Add(new("BatchNorm", [Quote("bn1")], []));
        }

        layers.Add(new("ReLU", [], [new("ActivationThreshold", Pick("0f", "0.1f"))]));
        layers.Add(twoD ? new(Pick("MaxPool2d", "AvgPool2d"), ["2"], []) : new("MaxPool1d", ["2"], []));
        layers.Add(new("Flatten", [], []));
        layers.Add(new("Dense", [Quote("fc1"), Int(_random.Next(2, 4))], [new("Threshold", Pick("0.02f", "0f"))]));

        string? mutated = null;
        _mutatedCode = null;
        if (mutate)
        {
            mutated = Mutate(network, layers, twoD, channels);
        }

        return new NetworkDeclaration(className, network, layers, mutated, _mutatedCode);
    }

    /// <summary>Replaces or adds one argument; returns the property's name as messages should mention it.</summary>
    private string Mutate(List<Argument> network, List<LayerDeclaration> layers, bool twoD, int channels)
    {
        var conv = layers[0];
        var pool = layers.First(l => l.Attribute.Contains("Pool", StringComparison.Ordinal));
        var dense = layers[^1];
        var relu = layers.First(l => l.Attribute == "ReLU");
        var choices = new List<Func<string>>
        {
            () => Set(network, "Input", Pick("\"1x65535x65535\"", "\"0x5x5\"", "\"1x5\"", "\"\"", "\"1x2x3x4\"", "\"99999999999x1x1\"", "\"1x-5x5\"", "\"1024x1024x2\"")),
            () => Set(network, "Format", Pick("(NumberFormat)42", "(NumberFormat)(-1)")),
            () => Set(network, "Profile", Pick("(TargetProfile)99", "(TargetProfile)(-1)", "TargetProfile.Msp430NoMultiplier")),
            () => Set(network, "Division", Pick("(DivisionApproximation)77", "(DivisionApproximation)int.MaxValue", "DivisionApproximation.FloatBits", "DivisionApproximation.ReciprocalLut")),
            () => Set(network, "Threshold", Pick(BadFloats)),
            () => Set(network, "InputRange", Pick(BadFloats)),
            () => Set(network, "InputMean", Pick("float.NaN", "float.PositiveInfinity", "0.1307f", "-3f")),
            () => Set(network, "InputStandardDeviation", Pick(BadFloats)),
            () => Set(network, "ReciprocalTableBits", Pick(["1", "8", "9", .. InvalidInts])),
            () => SetConstructor(conv, 1, "OutChannels", Pick(ChannelInts)),
            () => SetConstructor(conv, 0, "name", Pick("\"\"", "\"fc1\"", "\"conv\\n1\"", "\"conv\\u2028x\"", "\"   \"")),
            () => Set(conv, "Kernel", Pick(BoundaryInts)),
            () => Set(conv, "Stride", Pick(BoundaryInts)),
            () => Set(conv, "Padding", Pick(InvalidInts)),
            () => Set(conv, "Dilation", Pick(BoundaryInts)),
            () => Set(conv, "Threshold", Pick(BadFloats)),
            () => Set(conv, "OutputRange", Pick(BadFloats)),
            () => Set(conv, "Implementation", Pick("(KernelImplementation)55", "(KernelImplementation)(-1)", "KernelImplementation.Sorted", "KernelImplementation.Bucketed", "KernelImplementation.Dense")),
            () => Set(conv, "GroupSize", Pick("-1", Int(channels + 1), "int.MaxValue", "int.MinValue", Int(channels))),
            () => Set(conv, "GroupThresholds", Pick("new[] { 0.1f, 0.2f, 0.3f, 0.4f }", "new[] { float.NaN }", "new[] { -1f }", "new float[0]")),
            () => Set(conv, "Bias", "false"),
            () => Set(relu, "ActivationThreshold", Pick(BadFloats)),
            () => SetConstructor(pool, 0, "kernel", Pick(BoundaryInts)),
            () => Set(pool, "Stride", Pick(BoundaryInts)),
            () => SetConstructor(dense, 1, "OutFeatures", Pick(ChannelInts)),
            () => Set(dense, "Threshold", Pick(BadFloats)),
            () => Set(dense, "OutputRange", Pick(BadFloats)),
            () => Set(dense, "Implementation", Pick("(KernelImplementation)55", "KernelImplementation.Gather")),
        };
        if (twoD)
        {
            choices.Add(() => Set(conv, Pick("KernelHeight", "KernelWidth"), Pick(BoundaryInts)));
            choices.Add(() => Set(conv, Pick("StrideHeight", "StrideWidth"), Pick(BoundaryInts)));
            choices.Add(() => Set(conv, Pick("PaddingHeight", "PaddingWidth"), Pick(InvalidInts)));
            choices.Add(() => Set(conv, Pick("DilationHeight", "DilationWidth"), Pick(BoundaryInts)));
        }

        if (layers.FirstOrDefault(l => l.Attribute == "BatchNorm") is { } bn)
        {
            choices.Add(() => Set(bn, "Epsilon", Pick(BadFloats)));
        }

        return choices[_random.Next(choices.Count)]();
    }

    private string Set(List<Argument> arguments, string property, string code)
    {
        _mutatedCode = code;
        arguments.RemoveAll(a => a.Property == property);
        arguments.Add(new(property, code));
        return property;
    }

    private string Set(LayerDeclaration layer, string property, string code) => Set(layer.Named, property, code);

    private string SetConstructor(LayerDeclaration layer, int index, string property, string code)
    {
        _mutatedCode = code;
        layer.Constructor[index] = code;
        return property;
    }

    private string Pick(params string[] values) => values[_random.Next(values.Length)];

    private static string Quote(string text) => "\"" + text + "\"";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
