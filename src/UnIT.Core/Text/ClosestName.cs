namespace UnIT.Text;

/// <summary>
/// The name a user probably meant when the one they wrote does not exist: the candidate with the fewest single-letter
/// edits (insert, delete, replace, or swap two neighbours — "mpl" for "mlp" is one edit), compared without case,
/// and only when it is close enough to be a typo rather than a different name. Numbers tell names apart: `conv2` is not
/// a typo of `conv1`, so a candidate whose digits differ from the name's (when both have digits) is never suggested.
/// </summary>
public static class ClosestName
{
    /// <summary>
    /// The closest of <paramref name="candidates"/> to <paramref name="name"/>, or null when none is within
    /// max(1, length / 4) edits (two for an 8-letter name) or two candidates are equally close.
    /// </summary>
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var allowed = Math.Max(1, name.Length / 4);
        string? best = null;
        var bestDistance = int.MaxValue;
        var tie = false;
        var digits = Digits(name);
        foreach (var candidate in candidates ?? throw new ArgumentNullException(nameof(candidates)))
        {
            var candidateDigits = Digits(candidate);
            if (digits.Length > 0 && candidateDigits.Length > 0 && digits != candidateDigits)
            {
                continue;
            }

            var distance = Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant(), allowed);
            if (distance > allowed || distance > bestDistance)
            {
                continue;
            }

            tie = distance == bestDistance && !string.Equals(best, candidate, StringComparison.OrdinalIgnoreCase);
            best = candidate;
            bestDistance = distance;
        }

        return tie ? null : best;
    }

    private static string Digits(string name) => new(name.Where(char.IsDigit).ToArray());

    /// <summary>
    /// Optimal-string-alignment distance (Levenshtein plus adjacent swaps), stopping early above
    /// <paramref name="limit"/>. A dozen lines by hand: no package in the build's dependencies offers it, and the
    /// compiler loads this assembly, so it takes no new dependency.
    /// </summary>
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var replace = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                var value = Math.Min(replace, Math.Min(previous[j] + 1, current[j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, before[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            (before, previous, current) = (previous, current, before);
        }

        return previous[b.Length];
    }
}
