using System.Globalization;
using UnIT.NumPy;
using UnIT.Text;

namespace UnIT.Training.Serialization;

/// <summary>
/// Saves and loads a <see cref="TrainableNetwork"/>'s tensors as an <c>.npz</c> with PyTorch <c>state_dict</c> names
/// and shapes (<c>conv1.weight</c> <c>[6, 1, 5, 5]</c>, <c>conv1.bias</c> <c>[6]</c>, …), float32, in layer order:
/// the file NumPy, PyTorch (<c>load_state_dict</c>) and this project's generator all read.
/// </summary>
public static class StateDictFile
{
    /// <summary>The tensors as NumPy arrays; masked weights (and the biases of pruned channels) are exactly +0.</summary>
    public static IReadOnlyList<NumPyArray> ToArrays(TrainableNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var arrays = new List<NumPyArray>();
        foreach (var layer in network.Layers)
        {
            var (weight, bias) = layer.MaskedValues();
            arrays.Add(NumPyArray.FromSingles(layer.Weight.Name, weight, [.. layer.Weight.Shape]));
            if (layer.Bias is not null && bias is not null)
            {
                arrays.Add(NumPyArray.FromSingles(layer.Bias.Name, bias, [.. layer.Bias.Shape]));
            }
        }

        return arrays;
    }

    /// <summary>Writes the network as an <c>.npz</c> (<c>np.savez</c>, or <c>np.savez_compressed</c> when <paramref name="compressed"/>).</summary>
    public static void Save(TrainableNetwork network, Stream destination, bool compressed = false) =>
        NpzWriter.Write(destination, ToArrays(network), compressed);

    /// <summary>Writes the network to the file <paramref name="path"/>.</summary>
    public static void Save(TrainableNetwork network, string path, bool compressed = false) =>
        NpzWriter.WriteFile(path, ToArrays(network), compressed);

    /// <summary>
    /// Loads the <c>.npz</c> at <paramref name="path"/> into <paramref name="network"/>, e.g. to fine-tune a given model.
    /// </summary>
    /// <param name="network">Receives the values; its definition decides which tensors must be present.</param>
    /// <param name="path">An <c>.npz</c> written by <see cref="Save(TrainableNetwork, string, bool)"/>, NumPy or PyTorch.</param>
    /// <param name="freezeZeroWeights">
    /// Give every layer a <see cref="MaskMode.Frozen"/> mask that prunes its exactly-zero weights, so a pruned model
    /// stays pruned while it is fine-tuned.
    /// </param>
    /// <exception cref="NumPyFormatException">The file is not a readable archive.</exception>
    /// <exception cref="InvalidDataException">A tensor is missing, extra, mis-shaped or not finite; the message names it.</exception>
    public static void Load(TrainableNetwork network, string path, bool freezeZeroWeights = false) =>
        Load(network, NpzReader.ReadFile(path), Path.GetFileName(path), freezeZeroWeights);

    /// <summary>Loads already-read tensors (keyed by <c>state_dict</c> name) into <paramref name="network"/>.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing, extra, mis-shaped or not finite; the message names it.</exception>
    public static void Load(
        TrainableNetwork network, IReadOnlyDictionary<string, NumPyArray> tensors, string fileName, bool freezeZeroWeights = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(tensors);
        var expected = network.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var extra = tensors.Keys.Where(name => !expected.ContainsKey(name)).ToList();
        if (extra.Count > 0)
        {
            throw new InvalidDataException(
                $"{Excerpt.Of(fileName)}: tensors {Excerpt.Join(extra, name => name)} belong to no layer of network '{network.Definition.Name}' "
                + $"(it expects {Excerpt.Join(expected.Keys, name => name)}); export only this network's state_dict.");
        }

        // Check everything before changing anything, so a bad file leaves the network as it was.
        var values = new List<(Parameter Parameter, float[] Values)>();
        foreach (var parameter in expected.Values)
        {
            if (!tensors.TryGetValue(parameter.Name, out var array))
            {
                throw new InvalidDataException($"{Excerpt.Of(fileName)}: tensor '{parameter.Name}' is missing; network '{network.Definition.Name}' needs it.");
            }

            if (!array.Shape.SequenceEqual(parameter.Shape))
            {
                throw new InvalidDataException(
                    $"{Excerpt.Of(fileName)}: tensor '{parameter.Name}' has shape [{FormatShape(array.Shape)}] but the network needs [{FormatShape(parameter.Shape)}].");
            }

            if (array.HasNonFinite(out var index))
            {
                throw new InvalidDataException($"{Excerpt.Of(fileName)}: tensor '{parameter.Name}' holds a NaN or infinity at flat index {index}.");
            }

            values.Add((parameter, array.ToSingleArray()));
        }

        foreach (var (parameter, data) in values)
        {
            data.CopyTo(parameter.Values, 0);
        }

        if (freezeZeroWeights)
        {
            foreach (var layer in network.Layers)
            {
                var mask = layer.Mask ?? layer.AddMask(MaskMode.Frozen);
                mask.Mode = MaskMode.Frozen;
                var weights = layer.Weight.Values;
                for (var i = 0; i < weights.Length; i++)
                {
                    if (weights[i] == 0f)
                    {
                        mask.Prune(i);
                    }
                }
            }
        }
    }

    private static string FormatShape(IEnumerable<int> shape) =>
        Excerpt.Of(string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))));
}
