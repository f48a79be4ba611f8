using UnIT.Costs;
using UnIT.Kernels;
using UnIT.Model;

namespace UnIT.Interpreter;

/// <summary>
/// Counts the events an implementation incurs on one conv/dense layer, given what the canonical evaluation saw:
/// candidate and kept products, and each input's magnitude and quotient. Kept scatter products are re-derived from
/// the fan-out lists and checked against the canonical count, so the two descriptions of the rule cannot drift.
/// </summary>
internal static class MacEventAccounting
{
    /// <param name="plan">The layer's plan.</param>
    /// <param name="magnitudes">|a| of every input (float or int16 values as doubles).</param>
    /// <param name="quotients">The quotient of every non-zero input (unused entries for zero inputs).</param>
    /// <param name="candidates">Products with a non-zero weight inside the input (padding excluded).</param>
    /// <param name="kept">Products the rule performed (all candidates for Dense).</param>
    /// <param name="negativeSums">Outputs whose sum was negative (Q15).</param>
    /// <param name="events">The layer's counters.</param>
    public static void Count(MacLayerPlan plan, double[] magnitudes, double[] quotients, long candidates, long kept, long negativeSums, ref EventCounts events)
    {
        var layer = plan.Layer;
        var g = layer.Geometry;
        if (plan.Format == NumberFormat.Q15)
        {
            foreach (var tail in FixedEvents.Requantized(g.OutputCount, negativeSums, layer.RequantizeShift))
            {
                events[tail.Event] += tail.Count;
            }
        }

        switch (plan.Implementation)
        {
            case KernelImplementation.Dense:
                events.OutputSetup += g.OutputCount;
                events.WindowTest += FixedEvents.WindowTests(g, layer.StoredWeights(plan.Format));
                events[layer.DenseTapEvent(plan.Format)] += candidates;
                return;

            case KernelImplementation.Gather when !layer.IsDense:
                events.OutputSetup += g.OutputCount;
                events.WindowTest += FixedEvents.WindowTests(g, layer.StoredWeights(plan.Format));
                if (layer.InputIsNonNegative)
                {
                    events.GatherCompare += candidates;
                }
                else
                {
                    events.GatherCompareSigned += candidates;
                }

                events.GatherMac += kept;
                return;
        }

        // Input-stationary: Gather on dense layers (compare the whole fan-out), Sorted and Bucketed.
        events.ScatterSetup += g.OutputCount;
        events.InputVisit += magnitudes.Length;
        foreach (var row in FixedEvents.InputRows(plan.Implementation, g))
        {
            events[row.Event] += row.Count;
        }

        var activeInput = FixedEvents.ActiveInput(g);
        var lists = plan.Lists ?? throw new InvalidOperationException("Input-stationary plans have fan-out lists.");
        var oneList = FixedEvents.WalksOneList(plan.Implementation, g);
        long scattered = 0;
        for (var j = 0; j < magnitudes.Length; j++)
        {
            if (magnitudes[j] == 0)
            {
                continue;
            }

            events[activeInput]++;
            var channel = j / (g.InHeight * g.InWidth);
            var list = lists.Lists[channel];
            var length = list.Entries.Count;
            var keptHere = list.KeptPrefix(quotients[j]);
            switch (plan.Implementation)
            {
                case KernelImplementation.Gather:
                    // Input-stationary Gather runs on dense layers only: every entry is tested, the kept ones multiplied.
                    AddQuotient(plan, magnitudes[j], ref events);
                    events.ListTest += length;
                    events.ListMac += keptHere;
                    scattered += keptHere;
                    continue;

                case KernelImplementation.Sorted:
                    AddQuotient(plan, magnitudes[j], ref events);
                    events[FixedEvents.ListEntryCompare(plan.Implementation, oneList)] += keptHere + (keptHere < length ? 1 : 0);
                    break;

                case KernelImplementation.Bucketed:
                    var buckets = plan.Buckets!;
                    if (buckets.BucketBits == 0)
                    {
                        events.BucketLookup++;
                    }
                    else
                    {
                        events.BucketLookupFine++;
                    }

                    var id = plan.Format == NumberFormat.Q15
                        ? ActivationBuckets.Id((int)magnitudes[j], buckets.BucketBits)
                        : ActivationBuckets.Id((float)magnitudes[j], buckets.BucketBits);
                    var slot = buckets.Slot(id);
                    if (plan.TapLists is { } taps && PixelOf(g, j) is var (py, px) && !g.IsInteriorInput(py, px))
                    {
                        // A border pixel's slot is its tap tables' (C: tap_slot), an interior one's the layer's (slot).
                        AddSlotSteps(plan, plan.TapBuckets!.BucketBits, magnitudes[j], ref events);
                        scattered += AddTapWalk(plan, taps, channel, slot, py, px, magnitudes[j], quotients[j], ref events);
                        continue;
                    }

                    AddSlotSteps(plan, buckets.BucketBits, magnitudes[j], ref events);

                    var (low, high) = (buckets.Low[channel][slot], buckets.High[channel][slot]);
                    if (keptHere < low || keptHere > high)
                    {
                        throw new InvalidOperationException($"Bucket table of '{layer.Label}' does not bracket input {j}: {low}..{high} vs {keptHere}.");
                    }

                    if (high > low)
                    {
                        AddQuotient(plan, magnitudes[j], ref events);
                        events.ListCompare += keptHere - low + (keptHere < high ? 1 : 0);
                    }

                    break;
            }

            if (layer.IsDense)
            {
                events.ScatterMacDense += keptHere;
                scattered += keptHere;
                continue;
            }

            scattered += AddScatteredProducts(g, plan.Implementation, oneList, list, keptHere, j, ref events);
        }

        if (scattered != kept)
        {
            throw new InvalidOperationException(
                $"Layer '{layer.Label}': the fan-out lists keep {scattered} products but the rule keeps {kept}; the plan and the rule disagree.");
        }
    }

    /// <summary>The pixel <c>(y, x)</c> of flat input index <paramref name="input"/> within its channel.</summary>
    private static (int Y, int X) PixelOf(ConvGeometry g, int input)
    {
        var position = input % (g.InHeight * g.InWidth);
        return (position / g.InWidth, position % g.InWidth);
    }

    /// <summary>
    /// A Bucketed border pixel: load the window's valid kernel rows and columns once, then for each valid tap look up
    /// that tap's kept count (and resolve its band with the quotient, computed at most once per pixel). Every visited
    /// entry lands inside the map, so nothing is tested.
    /// </summary>
    private static long AddTapWalk(MacLayerPlan plan, FanOutLists taps, int channel, int slot, int y, int x, double magnitude, double quotient, ref EventCounts events)
    {
        var g = plan.Layer.Geometry;
        var table = plan.TapBuckets!;
        var (firstRow, lastRow, firstColumn, lastColumn) = g.ValidTaps(y, x);
        events.BorderSetup++;
        long scattered = 0;
        var quotientNeeded = false;
        for (var ky = firstRow; ky <= lastRow; ky++)
        {
            for (var kx = firstColumn; kx <= lastColumn; kx++)
            {
                var list = FanOutLists.TapListIndex(g, channel, ky, kx);
                var kept = taps.Lists[list].KeptPrefix(quotient);
                var (low, high) = (table.Low[list][slot], table.High[list][slot]);
                if (kept < low || kept > high)
                {
                    throw new InvalidOperationException($"Tap table of '{plan.Layer.Label}' does not bracket pixel ({y}, {x}) of channel {channel}, tap ({ky}, {kx}): {low}..{high} vs {kept}.");
                }

                events[FixedEvents.BorderTap(table.IsComparisonFree)]++;
                if (high > low)
                {
                    quotientNeeded = true;
                    events.ListCompare += kept - low + (kept < high ? 1 : 0);
                }

                events.ScatterMac += kept;
                scattered += kept;
            }
        }

        if (quotientNeeded)
        {
            AddQuotient(plan, magnitude, ref events);
        }

        return scattered;
    }

    /// <summary>
    /// Adds the kept prefix's MACs. A border pixel (one whose fan-out leaves the output map) tests every kept entry
    /// against the map; only entries inside it are multiplied.
    /// </summary>
    private static long AddScatteredProducts(ConvGeometry g, KernelImplementation implementation, bool oneList, FanOutList list, int keptHere, int input, ref EventCounts events)
    {
        var (y, x) = PixelOf(g, input);
        if (g.IsFullyConnected || g.IsInteriorInput(y, x))
        {
            events[FixedEvents.ScatterProduct(implementation, dense: false, oneList)] += keptHere;
            return keptHere;
        }

        long inside = 0;
        long rowsInside = 0;
        for (var e = 0; e < keptHere; e++)
        {
            var entry = list.Entries[e];
            if (g.TryOutputPosition(y, x, entry.KernelRow, entry.KernelColumn, out var outY, out _))
            {
                inside++;
            }

            if (outY >= 0 && outY < g.OutHeight)
            {
                rowsInside++;
            }
        }

        events[FixedEvents.BorderEntryTest(oneList)] += keptHere;
        events[FixedEvents.BorderProduct(implementation, oneList)] += inside;
        if (implementation == KernelImplementation.Sorted)
        {
            // A Sorted border walk tests the column of the entries whose row is inside (C: the second bounds test).
            events.BorderColumnTest += rowsInside;
        }

        return inside;
    }

    /// <summary>The steps of a Q15 bucket slot's mantissa alignment.</summary>
    private static void AddSlotSteps(MacLayerPlan plan, int bucketBits, double magnitude, ref EventCounts events)
    {
        if (plan.Format == NumberFormat.Q15)
        {
            ShiftSteps.Slot(bucketBits, (int)magnitude).AddTo(ref events);
        }
    }

    /// <summary>One quotient for an input of magnitude <paramref name="magnitude"/>, with its Q15 shifts' steps.</summary>
    private static void AddQuotient(MacLayerPlan plan, double magnitude, ref EventCounts events)
    {
        if (plan.Format == NumberFormat.Q15)
        {
            ShiftSteps.Quotient(plan.Layer.Division, (int)magnitude).AddTo(ref events);
        }

        switch (plan.Layer.Division)
        {
            case DivisionApproximation.Exact: events.QuotientExact++; break;
            case DivisionApproximation.Pow2: events.QuotientPow2++; break;
            case DivisionApproximation.ReciprocalLut: events.QuotientReciprocalLut++; break;
            default: events.QuotientFloatBits++; break;
        }
    }
}
