using System.Globalization;
using System.Text;
using System.Text.Json;

namespace UnIT.Training.Pruning;

/// <summary>
/// Channel masks as JSON, for models pruned elsewhere: one array per conv/dense layer, one entry per output channel,
/// 1 (or true) = keep, 0 (or false) = remove. Layers left out keep every channel.
/// <code>
/// { "conv1": [0, 1, 1, 0, 1, 1], "conv2": [1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1] }
/// </code>
/// </summary>
public static class ChannelMaskFile
{
    /// <summary>Reads the mask file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not such a JSON object; the message names the file and the problem.</exception>
    public static IReadOnlyDictionary<string, bool[]> Read(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses mask JSON; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">Not an object of arrays of 0/1; the message names the layer and the problem.</exception>
    public static IReadOnlyDictionary<string, bool[]> Parse(string json, string source = "channel masks")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException(
                    $"{source}: expected an object with one array per layer, like {{ \"conv1\": [0, 1, 1, 0, 1, 1] }}, not {Describe(document.RootElement)}.");
            }

            var masks = new Dictionary<string, bool[]>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (masks.ContainsKey(property.Name))
                {
                    throw new InvalidDataException($"{source}: layer '{property.Name}' is listed twice.");
                }

                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"{source}: layer '{property.Name}' needs an array of 0/1 per output channel, not {Describe(property.Value)}.");
                }

                var keep = new List<bool>();
                foreach (var entry in property.Value.EnumerateArray())
                {
                    keep.Add(entry.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        JsonValueKind.Number when entry.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
                        _ => throw new InvalidDataException(
                            $"{source}: layer '{property.Name}', channel {keep.Count}: {entry.GetRawText()} is not 0 or 1 (1 keeps the channel, 0 removes it)."),
                    });
                }

                masks[property.Name] = [.. keep];
            }

            return masks;
        }
    }

    /// <summary>
    /// Applies <paramref name="masks"/> to <paramref name="network"/>: channels marked 0 are masked as whole channels
    /// (<see cref="WeightMask.PruneChannel"/>), channels marked 1 are restored if they were; layers without a mask get one in
    /// <paramref name="mode"/>. Everything is checked before anything changes.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A layer is unknown, has the wrong number of entries, would lose every channel, or is the classifier with a 0; the
    /// message names the layer and the problem.
    /// </exception>
    public static void Apply(TrainableNetwork network, IReadOnlyDictionary<string, bool[]> masks, MaskMode mode = MaskMode.Frozen, string source = "channel masks")
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(masks);
        var classifier = network.Layers[^1].Name;
        foreach (var (name, keep) in masks)
        {
            var layer = network.Layers.FirstOrDefault(l => l.Name == name)
                ?? throw new InvalidDataException(
                    $"{source}: '{name}' is not a conv or dense layer of network '{network.Definition.Name}' (it has {string.Join(", ", network.Layers.Select(l => l.Name))}).");
            var channels = layer.Geometry.OutChannels;
            if (keep.Length != channels)
            {
                throw new InvalidDataException(
                    $"{source}: layer '{name}' has {channels} output channels but its mask lists {keep.Length} value{(keep.Length == 1 ? string.Empty : "s")}; give one 0/1 per channel.");
            }

            if (!keep.Contains(true))
            {
                throw new InvalidDataException($"{source}: the mask removes all {channels} channels of layer '{name}'; keep at least one (a 1).");
            }

            if (name == classifier && keep.Contains(false))
            {
                throw new InvalidDataException(
                    $"{source}: layer '{name}' produces the network's outputs (the classifier); its outputs cannot be removed, so its mask must be all 1 or left out.");
            }
        }

        foreach (var (name, keep) in masks)
        {
            var layer = network.Layer(name);
            var mask = layer.Mask ?? layer.AddMask(mode);
            for (var c = 0; c < keep.Length; c++)
            {
                if (!keep[c])
                {
                    mask.PruneChannel(c);
                }
                else if (mask.IsChannelPruned(c))
                {
                    mask.RestoreChannel(c);
                }
            }
        }

        network.ZeroFrozenEntries();
    }

    /// <summary>The channel masks of every prunable layer of <paramref name="network"/> as JSON (one line per layer).</summary>
    public static string Write(TrainableNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var kept = ChannelPruning.KeptChannels(network);
        var layers = ChannelPruning.PrunableLayers(network.Definition);
        var text = new StringBuilder("{\n");
        for (var l = 0; l < layers.Count; l++)
        {
            text.Append("  ").Append(JsonSerializer.Serialize(layers[l])).Append(": [")
                .AppendJoin(", ", kept[layers[l]].Select(k => k ? '1' : '0')).Append(']')
                .Append(l + 1 < layers.Count ? ",\n" : "\n");
        }

        return text.Append("}\n").ToString();
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => string.Create(CultureInfo.InvariantCulture, $"the string {element.GetRawText()}"),
        JsonValueKind.Number => string.Create(CultureInfo.InvariantCulture, $"the number {element.GetRawText()}"),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
