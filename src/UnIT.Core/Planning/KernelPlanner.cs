using System.Globalization;
using UnIT.Collections;
using UnIT.Costs;
using UnIT.Kernels;
using UnIT.Model;
using UnIT.Preparation;

namespace UnIT.Planning;

/// <summary>
/// Chooses a kernel implementation per conv/dense layer by pricing each candidate's expected events with the
/// target's cost profile (docs/semantics.md, docs/cost-model.md), unless the user forced one. Loop order, accumulator placement
/// (MPY32 vs RAM), comparisons and quotients are all in the price, not MACs alone. The cheapest plan that fits the part's
/// memory wins (<see cref="PartFitting"/>).
/// </summary>
/// <remarks>
/// Dense ignores thresholds, so it competes only where a layer's threshold is 0 (where it computes the same result);
/// with a threshold the candidates are the implementations of the UnIT rule, which agree bit for bit.
/// </remarks>
public static class KernelPlanner
{
    /// <summary>Plans every conv/dense layer of <paramref name="network"/>.</summary>
    /// <param name="network">The prepared network.</param>
    /// <param name="format">The number format the kernels compute in.</param>
    /// <param name="profile">The profile whose prices decide.</param>
    /// <param name="statistics">Measured input statistics per layer label; layers without an entry get the default assumption.</param>
    public static NetworkPlan Plan(
        PreparedNetwork network, NumberFormat format, CostProfile profile, IReadOnlyDictionary<string, ActivationStatistics>? statistics = null)
    {
        var choices = new List<LayerChoice>();
        foreach (var layer in network.MacLayers)
        {
            if (layer.RequestedImplementation != KernelImplementation.Auto)
            {
                CheckSupported(network.Definition.Name, layer, layer.RequestedImplementation);
            }

            var stats = statistics is not null && statistics.TryGetValue(layer.Label, out var measured)
                ? measured
                : ActivationStatistics.Assumed(layer.Quantization.InputRange, layer.InputIsNonNegative);
            choices.Add(Choose(layer, format, profile, stats));
        }

        return new NetworkPlan(PartFitting.Fit(network, format, profile, choices).ToImmutableEquatableArray());
    }

    /// <summary>
    /// Throws when <paramref name="implementation"/> cannot run <paramref name="layer"/> (scatter kernels on strided or
    /// dilated convolutions).
    /// </summary>
    public static void CheckSupported(string network, PreparedMacLayer layer, KernelImplementation implementation)
    {
        if (implementation == KernelImplementation.Auto)
        {
            throw new ArgumentException("Auto is a request, not an implementation; plan the layer first.", nameof(implementation));
        }

        if (implementation is KernelImplementation.Sorted or KernelImplementation.Bucketed && !layer.SupportsScatterKernels)
        {
            throw new NetworkDefinitionException(network, layer.DefinitionIndex, layer.Label,
                $"Implementation = {implementation} needs stride 1 and dilation 1; use Gather or Auto for this layer", NetworkProblemKind.UnsupportedCombination);
        }
    }

    /// <summary>Estimates every implementation of one layer and picks the cheapest (or the forced one).</summary>
    public static LayerChoice Choose(PreparedMacLayer layer, NumberFormat format, CostProfile profile, ActivationStatistics statistics)
    {
        var candidates = Candidates(layer.HasThreshold, layer.SupportsScatterKernels);
        var forced = layer.RequestedImplementation;
        if (forced != KernelImplementation.Auto && !candidates.Contains(forced))
        {
            candidates.Add(forced);
        }

        var model = new ExpectedEvents(layer, format, statistics);
        var estimates = candidates
            .Select(c => model.Estimate(c, profile))
            .OrderBy(e => e.Cycles)
            .ThenBy(e => e.Implementation)
            .ToArray();
        var best = estimates[0];
        var isForced = forced != KernelImplementation.Auto;
        var chosen = isForced ? estimates.First(e => e.Implementation == forced) : best;
        var reason = isForced
            ? chosen == best
                ? string.Format(CultureInfo.InvariantCulture, "forced {0}; also the cheapest estimate ({1:N0} cycles)", forced, chosen.Cycles)
                : string.Format(CultureInfo.InvariantCulture, "forced {0} ({1:N0} cycles) although {2} is estimated at {3:N0}", forced, chosen.Cycles, best.Implementation, best.Cycles)
            : estimates.Length == 1
                ? string.Format(CultureInfo.InvariantCulture, "the only implementation this layer supports ({0:N0} cycles)", best.Cycles)
                : string.Format(CultureInfo.InvariantCulture, "cheapest estimate: {0:N0} cycles vs {1} {2:N0}", best.Cycles, estimates[1].Implementation, estimates[1].Cycles);
        return new LayerChoice(layer.Label, chosen.Implementation, isForced, reason, estimates.ToImmutableEquatableArray(), statistics);
    }

    /// <summary>
    /// Every kernel the planner may give a layer of this declaration and geometry, whatever its weights and thresholds:
    /// the forced one, or else every implementation it prices for some threshold (Dense competes where it is 0).
    /// </summary>
    public static IReadOnlyList<KernelImplementation> PossibleImplementations(PrunableLayer layer, ConvGeometry geometry)
    {
        var forced = layer.Pruning.Implementation;
        return forced != KernelImplementation.Auto ? [forced] : Candidates(hasThreshold: false, PreparedMacLayer.SupportsScatter(layer, geometry));
    }

    /// <summary>The implementations priced for a layer: Dense where its threshold is 0, Gather, and the scatter kernels where they run.</summary>
    private static List<KernelImplementation> Candidates(bool hasThreshold, bool supportsScatterKernels)
    {
        var candidates = new List<KernelImplementation> { KernelImplementation.Gather };
        if (!hasThreshold)
        {
            candidates.Insert(0, KernelImplementation.Dense);
        }

        if (supportsScatterKernels)
        {
            candidates.Add(KernelImplementation.Sorted);
            candidates.Add(KernelImplementation.Bucketed);
        }

        return candidates;
    }

    /// <summary>Expected per-inference event counts of each implementation under an activation assumption.</summary>
    private sealed class ExpectedEvents
    {
        /// <summary>The share of a layer's sums assumed negative when the planner prices requantisation (an assumption).</summary>
        private const double AssumedNegativeSumShare = 0.5;

        private readonly PreparedMacLayer _layer;
        private readonly NumberFormat _format;
        private readonly FanOutLists _lists;
        private readonly double[] _sampleMagnitudes;
        private readonly double _zeroFraction;
        private readonly long _candidates;
        private readonly double _meanLength;
        private readonly double _meanKept;
        private readonly double _insideShare;
        private readonly double _borderShare;
        private readonly double _borderValidTaps;
        private readonly double _borderRowShare;

        public ExpectedEvents(PreparedMacLayer layer, NumberFormat format, ActivationStatistics statistics)
        {
            _layer = layer;
            _format = format;
            _lists = FanOutLists.Build(layer, format);
            _zeroFraction = statistics.ZeroFraction;
            _sampleMagnitudes = statistics.Magnitudes
                .Select(m => format == NumberFormat.Q15
                    ? Math.Min(Math.Max(Math.Round(m * Semantics.FloatBitConversions.PowerOfTwo(layer.Quantization.InputScale)), 1), Semantics.Q15.MaxValue)
                    : (double)m)
                .DefaultIfEmpty(1)
                .ToArray();
            _candidates = CandidateProducts.Count(layer, format);

            var g = layer.Geometry;
            _meanLength = _lists.Lists.Average(l => (double)l.Entries.Count);
            _meanKept = _lists.Lists.Average(list => _sampleMagnitudes.Average(m => (double)list.KeptPrefix(Quotient(m))));
            var listEntriesVisited = g.InputCount * _meanLength;
            _insideShare = listEntriesVisited == 0 ? 1 : Math.Min(1, _candidates / listEntriesVisited);
            var borderPixels = 0;
            long borderTaps = 0;
            var borderRows = 0d;
            for (var y = 0; y < g.InHeight && !g.IsFullyConnected; y++)
            {
                for (var x = 0; x < g.InWidth; x++)
                {
                    if (!g.IsInteriorInput(y, x))
                    {
                        var (firstRow, lastRow, firstColumn, lastColumn) = g.ValidTaps(y, x);
                        borderPixels++;
                        borderTaps += (long)Math.Max(0, lastRow - firstRow + 1) * Math.Max(0, lastColumn - firstColumn + 1);
                        borderRows += (double)Math.Max(0, lastRow - firstRow + 1) / g.KernelHeight;
                    }
                }
            }

            _borderShare = (double)borderPixels / (g.InHeight * g.InWidth);
            _borderValidTaps = borderPixels == 0 ? 0 : (double)borderTaps / borderPixels;
            _borderRowShare = borderPixels == 0 ? 0 : borderRows / borderPixels;
        }

        private double Quotient(double magnitude) =>
            _format == NumberFormat.Q15
                ? Semantics.Q15Quotient.Compute(_layer.Division, _layer.QuantizedReferenceThreshold, (int)magnitude, _layer.TableBits)
                : Semantics.Float32Quotient.Compute(_layer.Division, _layer.ReferenceThreshold, (float)magnitude, _layer.TableBits);

        public ImplementationEstimate Estimate(KernelImplementation implementation, CostProfile profile)
        {
            var g = _layer.Geometry;
            var events = new Dictionary<CostEvent, double>();
            void Add(CostEvent e, double count) => events[e] = (events.TryGetValue(e, out var c) ? c : 0) + count;

            var active = g.InputCount * (1 - _zeroFraction);

            // Q15's variable shifts, by the sample's magnitudes: count times the mean steps of one.
            void AddSteps(double count, Func<double, ShiftSteps> steps)
            {
                if (_format == NumberFormat.Q15 && count > 0)
                {
                    var each = _sampleMagnitudes.Select(steps).ToArray();
                    Add(CostEvent.ShiftLeftStep, count * each.Average(s => s.Left));
                    Add(CostEvent.ShiftRightStep, count * each.Average(s => s.Right));
                    Add(CostEvent.WideShiftRightStep, count * each.Average(s => s.Wide));
                }
            }

            var keepShare = _meanLength == 0 ? 0 : _meanKept / _meanLength;
            var quotient = QuotientEvent(_layer.Division);
            double macs, comparisons = 0, quotients = 0;
            switch (implementation)
            {
                case KernelImplementation.Dense:
                    Add(CostEvent.OutputSetup, g.OutputCount);
                    Add(CostEvent.WindowTest, FixedEvents.WindowTests(g, _layer.StoredWeights(_format)));
                    macs = _candidates;
                    Add(_layer.DenseTapEvent(_format), macs);
                    break;

                case KernelImplementation.Gather when !_layer.IsDense:
                    Add(CostEvent.OutputSetup, g.OutputCount);
                    Add(CostEvent.WindowTest, FixedEvents.WindowTests(g, _layer.StoredWeights(_format)));
                    comparisons = _candidates;
                    Add(_layer.InputIsNonNegative ? CostEvent.GatherCompare : CostEvent.GatherCompareSigned, comparisons);
                    macs = _candidates * (1 - _zeroFraction) * keepShare;
                    Add(CostEvent.GatherMac, macs);
                    break;

                default:
                    Add(CostEvent.ScatterSetup, g.OutputCount);
                    Add(CostEvent.InputVisit, g.InputCount);
                    Add(FixedEvents.ActiveInput(g), active);
                    foreach (var row in FixedEvents.InputRows(implementation, g))
                    {
                        Add(row.Event, row.Count);
                    }

                    var kept = active * _meanKept;
                    macs = kept * _insideShare;
                    var oneList = FixedEvents.WalksOneList(implementation, g);
                    if (implementation == KernelImplementation.Sorted && !_layer.IsDense)
                    {
                        // Sorted: the interior pixels' products, then the border pixels' (their own loop), whose entries
                        // test the row and, when it is inside, the column.
                        var interior = Math.Min(macs, kept * (1 - _borderShare));
                        Add(FixedEvents.ScatterProduct(implementation, dense: false, oneList), interior);
                        Add(FixedEvents.BorderProduct(implementation, oneList), macs - interior);
                        Add(CostEvent.BorderColumnTest, kept * _borderShare * _borderRowShare);
                    }
                    else
                    {
                        Add(FixedEvents.ScatterProduct(implementation, _layer.IsDense, oneList), macs);
                    }

                    if (implementation == KernelImplementation.Bucketed)
                    {
                        Add(CostEvent.BorderSetup, active * _borderShare);
                        var tapTables = BucketTable.BuildTapTables(_layer, _format, _lists);
                        Add(FixedEvents.BorderTap(tapTables is not { Buckets.IsComparisonFree: false }), active * _borderShare * _borderValidTaps); // border pixels walk their valid taps
                    }
                    else
                    {
                        Add(FixedEvents.BorderEntryTest(oneList), kept * _borderShare);
                    }

                    if (implementation == KernelImplementation.Gather)
                    {
                        quotients = active;
                        comparisons = active * _meanLength;
                    }
                    else if (implementation == KernelImplementation.Sorted)
                    {
                        quotients = active;
                        comparisons = active * (_meanKept + 1);
                    }
                    else
                    {
                        var table = BucketTable.Build(_layer, _format, _lists);
                        Add(table.BucketBits == 0 ? CostEvent.BucketLookup : CostEvent.BucketLookupFine, active);
                        AddSteps(active, m => ShiftSteps.Slot(table.BucketBits, (int)m));
                        var (bandQuotients, bandComparisons) = ExpectedBandWork(table);
                        quotients = active * bandQuotients;
                        comparisons = active * bandComparisons;
                    }

                    Add(quotient, quotients);
                    AddSteps(quotients, m => ShiftSteps.Quotient(_layer.Division, (int)m));
                    Add(FixedEvents.ListEntryCompare(implementation, oneList), comparisons);
                    break;
            }

            // Q15 requantisation's tails depend on the sums' signs, the same for every kernel: they move the estimate's
            // total, not the choice. Half the sums are assumed negative (the ledger counts them; float prices them at 0).
            var (nonNegative, negative) = FixedEvents.RequantizeTails(_layer.RequantizeShift);
            Add(nonNegative, g.OutputCount * (1 - AssumedNegativeSumShare));
            Add(negative, g.OutputCount * AssumedNegativeSumShare);

            var cycles = events.Sum(e => e.Value * profile.CyclesPer(e.Key));
            return new ImplementationEstimate(implementation, cycles, macs, comparisons, quotients);
        }

        /// <summary>Per active input: chance a quotient is needed and expected comparisons inside the bucket band.</summary>
        private (double Quotients, double Comparisons) ExpectedBandWork(BucketTable table)
        {
            if (table.IsComparisonFree)
            {
                return (0, 0);
            }

            double quotients = 0, comparisons = 0;
            var samples = 0;
            for (var l = 0; l < _lists.Lists.Count; l++)
            {
                foreach (var m in _sampleMagnitudes)
                {
                    var id = _format == NumberFormat.Q15 ? ActivationBuckets.Id((int)m, table.BucketBits) : ActivationBuckets.Id((float)m, table.BucketBits);
                    var slot = table.Slot(id);
                    var (low, high) = (table.Low[l][slot], table.High[l][slot]);
                    if (high > low)
                    {
                        var kept = _lists.Lists[l].KeptPrefix(Quotient(m));
                        quotients++;
                        comparisons += kept - low + (kept < high ? 1 : 0);
                    }

                    samples++;
                }
            }

            return samples == 0 ? (0, 0) : (quotients / samples, comparisons / samples);
        }

        private static CostEvent QuotientEvent(DivisionApproximation division) => division switch
        {
            DivisionApproximation.Exact => CostEvent.QuotientExact,
            DivisionApproximation.Pow2 => CostEvent.QuotientPow2,
            DivisionApproximation.ReciprocalLut => CostEvent.QuotientReciprocalLut,
            _ => CostEvent.QuotientFloatBits,
        };
    }
}
