using System.Globalization;
using UnIT.Model;

namespace UnIT.Cli;

/// <summary>
/// The <c>--layers</c> syntax: a comma-separated list of layers in execution order, e.g. the paper's MNIST network
/// <c>conv2d:conv1:6:5,relu,maxpool2d:2,conv2d:conv2:16:5,relu,maxpool2d:2,flatten,dense:fc1:10</c>.
/// </summary>
internal static class LayerList
{
    /// <summary>The paper's MNIST network (Neth et al.): 242,560 dense MACs, 5,110 weights.</summary>
    public const string PaperMnist = "conv2d:conv1:6:5,relu,maxpool2d:2,conv2d:conv2:16:5,relu,maxpool2d:2,flatten,dense:fc1:10";

    /// <summary>One line per layer form, for <c>--help</c>.</summary>
    public const string Syntax =
        "conv2d:NAME:OUT:KERNEL[:STRIDE[:PADDING[:GROUPS]]] (GROUPS = input channels: depthwise), conv1d:NAME:OUT:KERNEL[:STRIDE[:PADDING]], dense:NAME:OUT, relu[:THETA], maxpool2d:K, maxpool1d:K, avgpool2d:K, flatten, batchnorm:NAME";

    /// <summary>Parses <paramref name="text"/> into a definition named <paramref name="name"/> with input <paramref name="input"/>.</summary>
    /// <exception cref="FormatException">The list is malformed; the message names the item and the expected form.</exception>
    public static NetworkDefinition Parse(string text, string name, string input, NetworkOptions options)
    {
        if (!TensorShape.TryParse(input, out var shape, out var problem))
        {
            throw new FormatException($"--input: {problem}");
        }

        var builder = new NetworkBuilder(name, shape!);
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = raw.Split(':');
            int Int(int index) => index < parts.Length && int.TryParse(parts[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new FormatException($"layer '{raw}': part {index + 1} must be a whole number ({Syntax})");
            string Name(int index) => index < parts.Length && parts[index].Length > 0
                ? parts[index]
                : throw new FormatException($"layer '{raw}' needs a name: the state_dict prefix of its tensors, e.g. conv1 ({Syntax})");
            switch (parts[0].ToUpperInvariant())
            {
                case "CONV2D":
                    builder.Conv2d(Name(1), Int(2), Int(3), parts.Length > 4 ? Int(4) : 1, parts.Length > 5 ? Int(5) : 0, groups: parts.Length > 6 ? Int(6) : 1);
                    break;
                case "CONV1D":
                    builder.Conv1d(Name(1), Int(2), Int(3), parts.Length > 4 ? Int(4) : 1, parts.Length > 5 ? Int(5) : 0);
                    break;
                case "DENSE":
                case "LINEAR":
                    builder.Dense(Name(1), Int(2));
                    break;
                case "RELU":
                    builder.ReLU(parts.Length > 1 ? float.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture) : 0f);
                    break;
                case "MAXPOOL2D":
                    builder.MaxPool2d(Int(1));
                    break;
                case "MAXPOOL1D":
                    builder.MaxPool1d(Int(1));
                    break;
                case "AVGPOOL2D":
                    builder.AvgPool2d(Int(1));
                    break;
                case "FLATTEN":
                    builder.Flatten();
                    break;
                case "BATCHNORM":
                    builder.BatchNorm(Name(1));
                    break;
                default:
                    throw new FormatException($"unknown layer '{raw}'; use {Syntax}");
            }
        }

        var definition = builder.Build(options);
        NetworkShapes.Infer(definition); // a clear message now rather than later
        return definition;
    }
}
