namespace UnIT.Calibration;

/// <summary>
/// A way to raise thresholds: one group, or every group of a layer together (needed where a single group cannot pay
/// for the switch from the dense kernel to a skipping one).
/// </summary>
internal sealed class ThresholdMove(int index, string name, IReadOnlyList<ThresholdGroup> groups)
{
    public int Index { get; } = index;

    public string Name { get; } = name;

    public IReadOnlyList<ThresholdGroup> Groups { get; } = groups;

    public bool Retired { get; set; }

    public ThresholdCandidate? Candidate { get; set; }

    /// <summary>The highest share among the move's groups.</summary>
    public double Share => Groups.Max(g => g.Share);

    /// <summary>One ladder step up from the current share: half of the still-kept products skipped too.</summary>
    public double NextShare() => Next(Share);

    public static double Next(double share) => 1 - ((1 - share) / 2);

    /// <summary>Each group's threshold at <paramref name="share"/> (never lowered); null when nothing would rise.</summary>
    public IReadOnlyList<(ThresholdGroup Group, float Threshold)>? ThresholdsAt(double share, CalibrationRun run)
    {
        var list = new List<(ThresholdGroup, float)>();
        var rises = false;
        foreach (var group in Groups)
        {
            var current = run.Thresholds[group.Layer][group.Position];
            var value = Math.Max(current, group.Ladder.Threshold(share));
            rises |= value > current;
            list.Add((group, value));
        }

        return rises ? list : null;
    }
}
