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

    [Fact]
    public void Each_kind_has_one_entry_that_writes_its_layers()
    {
        var layers = new LayerDefinition[]
        {
            ConvolutionLayer.Conv2d("c", 4, 3) with { Groups = 2 }, ConvolutionLayer.Conv1d("c", 4, 3), new DenseLayer("d", 3, PruningSettings.Default),
            new ReluLayer(0.5f), PoolingLayer.MaxPool2d(2), PoolingLayer.MaxPool1d(2), PoolingLayer.AvgPool2d(2), new FlattenLayer(), new BatchNormLayer("bn"),
        };
        foreach (var layer in layers)
        {
            var entry = Assert.Single(LayerCatalog.Entries, e => e.Writes(layer));
            Assert.Equal(layer.Kind, entry.Kind);
            Assert.Equal(entry.Kind, LayerCatalog.ByKind(layer.Kind).Kind);
        }

        Assert.Equal("[Conv2d(\"c\", 4, Kernel = 3, Groups = 2)]", LayerCatalog.Write(layers[0]));
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
