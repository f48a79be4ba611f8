namespace UnIT.Calibration;

/// <summary>One threshold group: its ladder and the ladder share of its current threshold.</summary>
internal sealed class ThresholdGroup(int layer, int position, string name, ProductLadder ladder)
{
    public int Layer { get; } = layer;

    public int Position { get; } = position;

    public string Name { get; } = name;

    public ProductLadder Ladder { get; } = ladder;

    /// <summary>The ladder share of the current threshold (0: UnIT off for the group).</summary>
    public double Share { get; set; }
}
