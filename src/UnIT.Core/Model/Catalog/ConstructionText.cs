using UnIT.Text;

namespace UnIT.Model.Catalog;

/// <summary>Spelling a definition as C# construction code for generated files: every value written, fully qualified.</summary>
public static class ConstructionText
{
    /// <summary>The namespace of the definition records, qualified from <c>global::</c>.</summary>
    public const string ModelNamespace = "global::UnIT.Model.";

    /// <summary>A nullable float: the literal or <c>null</c>.</summary>
    public static string FloatOrNull(float? value) => value is { } v ? CSharpLiterals.Float(v) : "null";

    /// <summary>A bool literal.</summary>
    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>The pruning settings of a conv/dense layer.</summary>
    public static string Pruning(PruningSettings p) =>
        $"new {ModelNamespace}PruningSettings({FloatOrNull(p.Threshold)}, {CSharpLiterals.Int(p.GroupSize)}, "
        + $"global::UnIT.Collections.ImmutableEquatableArray.Create(new float[] {{ {string.Join(", ", p.GroupThresholds.Select(CSharpLiterals.Float))} }}), "
        + $"global::UnIT.KernelImplementation.{p.Implementation}, {FloatOrNull(p.OutputRange)})";
}
