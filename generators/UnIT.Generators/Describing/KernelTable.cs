namespace UnIT.Generators.Describing;

/// <summary>What a table's entries are, so each backend spells them in its own types and number format.</summary>
internal enum TableElement
{
    /// <summary>Integers used as they are: list starts, input offsets, output offsets, bucket counts.</summary>
    Index,

    /// <summary>Weight indices; each entry is spelled as that weight (Q15 int16 or float).</summary>
    Weight,

    /// <summary>Weight indices; each entry is spelled as that weight's UnIT key.</summary>
    Key,

    /// <summary>Weight indices; each entry is spelled as that weight's activation threshold τ (Gather convolutions).</summary>
    ActivationThreshold,

    /// <summary>Output channels; each entry is spelled as that channel's bias (the accumulator's start).</summary>
    Bias,
}

/// <summary>
/// One constant table a kernel reads, in the order the kernel's tables are listed. <see cref="Values"/> holds the
/// integers themselves for <see cref="TableElement.Index"/> tables and, for the others, the weight (or channel) each
/// entry takes its constant from: the description decides which constant goes where, the backend only spells it.
/// </summary>
internal sealed class KernelTable
{
    public KernelTable(string name, TableElement element, IReadOnlyList<int> values)
    {
        Name = name;
        Element = element;
        Values = values;
    }

    /// <summary>The table's name without the layer prefix (<c>TapStart</c>, <c>Keys</c>, ...).</summary>
    public string Name { get; }

    public TableElement Element { get; }

    public IReadOnlyList<int> Values { get; }
}
