using System.Reflection;
using UnIT.Collections;
using UnIT.Model;
using UnIT.Model.Catalog;
using Xunit;

namespace UnIT.Runtime.Tests;

/// <summary>The layer catalog against the attribute classes users write: one entry per class, every property read.</summary>
public class LayerCatalogTests
{
    private static readonly Type[] LayerAttributeClasses = typeof(Conv2dAttribute).Assembly.GetExportedTypes()
        .Where(t => typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract && t != typeof(UnitNetworkAttribute))
        .ToArray();

    [Fact]
    public void Every_layer_attribute_class_has_exactly_one_catalog_entry_and_every_entry_a_class()
    {
        Assert.NotEmpty(LayerAttributeClasses);
        foreach (var type in LayerAttributeClasses)
        {
            Assert.Single(LayerCatalog.Entries, e => e.AttributeClass == type.FullName);
        }

        foreach (var entry in LayerCatalog.Entries)
        {
            Assert.Contains(LayerAttributeClasses, t => t.FullName == entry.AttributeClass);
        }
    }

    [Fact]
    public void Every_settable_attribute_property_is_read_by_its_entry()
    {
        foreach (var type in LayerAttributeClasses)
        {
            var entry = LayerCatalog.ByAttributeClass(type.FullName)!;
            var arguments = new RecordingArguments();
            entry.Read(arguments, _ => { });
            var settable = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);
            Assert.Empty(settable.Except(arguments.Names));
        }
    }

    /// <summary>One layer of every kind, with the input shape it fits.</summary>
    private static readonly (LayerDefinition Layer, TensorShape Input)[] OneOfEachKind =
    [
        (ConvolutionLayer.Conv2d("c", 4, 3) with { Groups = 2 }, TensorShape.Of(2, 6, 6)),
        (ConvolutionLayer.Conv1d("c", 4, 3), TensorShape.Of(2, 6)),
        (new DenseLayer("d", 3, PruningSettings.Default), TensorShape.Of(8)),
        (new ReluLayer(0.5f), TensorShape.Of(8)),
        (PoolingLayer.MaxPool2d(2), TensorShape.Of(2, 6, 6)),
        (PoolingLayer.MaxPool1d(2), TensorShape.Of(2, 6)),
        (PoolingLayer.AvgPool2d(2), TensorShape.Of(2, 6, 6)),
        (new FlattenLayer(), TensorShape.Of(2, 3, 3)),
        (new BatchNormLayer("bn"), TensorShape.Of(3)),
    ];

    [Fact]
    public void Each_kind_has_one_entry_that_writes_its_layers()
    {
        Assert.Equal(Enum.GetValues<LayerKind>().Order(), OneOfEachKind.Select(x => x.Layer.Kind).Order());
        foreach (var (layer, _) in OneOfEachKind)
        {
            var entry = Assert.Single(LayerCatalog.Entries, e => e.Writes(layer));
            Assert.Equal(layer.Kind, entry.Kind);
            Assert.Equal(entry.Kind, LayerCatalog.ByKind(layer.Kind).Kind);
            Assert.Same(entry, LayerCatalog.Of(layer));
        }

        Assert.Equal("[Conv2d(\"c\", 4, Kernel = 3, Groups = 2)]", LayerCatalog.Write(OneOfEachKind[0].Layer));
    }

    [Fact]
    public void Each_kind_has_its_shape_rule_in_its_entry()
    {
        foreach (var (layer, input) in OneOfEachKind)
        {
            // BatchNorm folds into the layer before it, so its network starts with one.
            LayerDefinition[] layers = layer is BatchNormLayer ? [new DenseLayer("d", 3, PruningSettings.Default), layer] : [layer];
            var first = layer is BatchNormLayer ? TensorShape.Of(8) : input;
            var network = new NetworkDefinition("n", first, layers.ToImmutableEquatableArray(), NetworkOptions.Default);
            var shapes = NetworkShapes.Infer(network);
            Assert.Equal(input, shapes[^1].Input);
            Assert.True(shapes[^1].Output.ElementCount > 0, $"{layer.Kind} gave [{shapes[^1].Output}]");
        }
    }

    [Fact]
    public void Each_kind_is_rebuilt_in_generated_code_as_its_own_record()
    {
        foreach (var (layer, _) in OneOfEachKind)
        {
            var construction = LayerCatalog.Of(layer)!.Construction(layer);
            Assert.StartsWith("new global::UnIT.Model." + layer.GetType().Name + "(", construction, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_kind_reads_the_shortest_form_of_its_layers_token()
    {
        foreach (var entry in LayerCatalog.Entries)
        {
            // ":NAME:OUT:KERNEL[:STRIDE...]" -> "conv2d:x:2:2": a name where NAME is asked for, 2 for every number.
            var required = entry.TokenArguments.Split('[', ' ')[0].Split(':', StringSplitOptions.RemoveEmptyEntries);
            var token = string.Concat(required.Select(part => part == "NAME" ? ":x" : ":2"));
            foreach (var kind in entry.TokenAliases.Prepend(entry.Token))
            {
                var layer = LayerCatalog.ReadToken(kind.ToUpperInvariant() + token);
                Assert.True(entry.Writes(layer), $"{kind}{token} read as {layer}");
            }

            Assert.Contains(entry.Token + entry.TokenArguments, LayerCatalog.TokenSyntax, StringComparison.Ordinal);
        }

        Assert.Throws<FormatException>(() => LayerCatalog.ReadToken("lstm:x:3"));
    }

    /// <summary>Answers "not written" to everything and remembers which names were asked for.</summary>
    private sealed class RecordingArguments : ILayerArguments
    {
        public HashSet<string> Names { get; } = [];

        public bool Has(string name) => Record(name, false);

        public int Int(string name, int fallback) => Record(name, fallback);

        public bool Bool(string name, bool fallback) => Record(name, fallback);

        public float? Float(string name) => Record<float?>(name, null);

        public ImmutableEquatableArray<float> Floats(string name) => Record(name, ImmutableEquatableArray<float>.Empty);

        public string ConstructorString(int index) => string.Empty;

        public int ConstructorInt(int index) => 0;

        private T Record<T>(string name, T answer)
        {
            Names.Add(name);
            return answer;
        }
    }
}
