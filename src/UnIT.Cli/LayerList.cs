using UnIT.Model;
using UnIT.Model.Catalog;

namespace UnIT.Cli;

/// <summary>
/// The <c>--layers</c> syntax: a comma-separated list of layers in execution order, e.g. the paper's MNIST network
/// <c>conv2d:conv1:6:5,relu,maxpool2d:2,conv2d:conv2:16:5,relu,maxpool2d:2,flatten,dense:fc1:10</c>. Each item's form is
/// its layer kind's catalog entry (docs/architecture.md).
/// </summary>
internal static class LayerList
{
    /// <summary>The paper's MNIST network (Neth et al.): 242,560 dense MACs, 5,110 weights.</summary>
    public const string PaperMnist = "conv2d:conv1:6:5,relu,maxpool2d:2,conv2d:conv2:16:5,relu,maxpool2d:2,flatten,dense:fc1:10";

    /// <summary>Every layer form, for <c>--help</c> (from the layer catalog).</summary>
    public static string Syntax => LayerCatalog.TokenSyntax;

    /// <summary>Parses <paramref name="text"/> into a definition named <paramref name="name"/> with input <paramref name="input"/>.</summary>
    /// <exception cref="FormatException">The list is malformed; the message names the item and the expected form.</exception>
    public static NetworkDefinition Parse(string text, string name, string input, NetworkOptions options)
    {
        if (!TensorShape.TryParse(input, out var shape, out var problem))
        {
            throw new FormatException($"--input: {problem}");
        }

        var builder = new NetworkBuilder(name, shape!);
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            builder.Add(LayerCatalog.ReadToken(item));
        }

        var definition = builder.Build(options);
        NetworkShapes.Infer(definition); // a clear message now rather than later
        return definition;
    }
}
