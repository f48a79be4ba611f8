using Microsoft.CodeAnalysis;
using UnIT.Analyzers.Diagnostics;
using UnIT.Analyzers.Infrastructure;
using UnIT.Model;

namespace UnIT.Analyzers.Rules;

/// <summary>
/// Rules that need only the attributes: UNIT001 (invalid threshold), UNIT004 (groups that do not fit), UNIT005 (an
/// activation threshold nothing can use) and UNIT009 (a threshold on a layer forced to the Dense kernel).
/// </summary>
internal static class DeclarationRules
{
    /// <summary>Reports UNIT001 and UNIT004; returns true when either fired (the network cannot be prepared then).</summary>
    public static bool CheckValues(NetworkSite site, Action<Diagnostic> report)
    {
        var invalid = false;
        if (site.Arguments.Has("Threshold") && site.Arguments.Float("Threshold") is { } networkThreshold && !IsValid(networkThreshold))
        {
            report(Diagnostic.Create(DiagnosticDescriptors.InvalidThreshold, site.ArgumentLocation("Threshold"),
                $"Threshold of network '{site.Name}' (the default of every conv/dense layer without its own)", Numbers.Exact(networkThreshold), "0 turns UnIT off"));
            invalid = true;
        }

        foreach (var layer in site.Layers)
        {
            if (layer.IsPrunable)
            {
                invalid |= CheckLayerThresholds(layer, report);
                invalid |= CheckGroups(layer, report);
            }
            else if (layer.Kind == LayerKind.ReLU && layer.Arguments.Float("ActivationThreshold") is { } theta && !IsValid(theta))
            {
                report(Diagnostic.Create(DiagnosticDescriptors.InvalidThreshold, layer.ArgumentLocation("ActivationThreshold"),
                    $"ActivationThreshold of '{layer.Label}'", Numbers.Exact(theta), "0 is a plain ReLU"));
                invalid = true;
            }
        }

        return invalid;
    }

    /// <summary>UNIT005: θ &gt; 0 on a ReLU with no conv/dense layer after it, or whose next one is forced to Dense.</summary>
    public static void CheckActivationThresholds(NetworkSite site, Action<Diagnostic> report)
    {
        foreach (var relu in site.Layers.Where(l => l.Kind == LayerKind.ReLU))
        {
            if (relu.Arguments.Float("ActivationThreshold") is not { } theta || !(theta > 0) || float.IsInfinity(theta))
            {
                continue;
            }

            var next = site.Layers.Skip(relu.Index + 1).FirstOrDefault(l => l.IsPrunable);
            var why = next is null
                ? "no conv/dense layer follows to skip the zeros"
                : next.Implementation == KernelImplementation.Dense
                    ? $"the next conv/dense layer '{next.Label}' is forced to Implementation = Dense, which multiplies zeros too"
                    : null;
            if (why is not null)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.UnusedActivationThreshold, relu.ArgumentLocation("ActivationThreshold"),
                    FixProperties.Fix("Remove ActivationThreshold (a plain ReLU)").Remove("ActivationThreshold").Build(),
                    Numbers.Exact(theta), relu.Label, why));
            }
        }
    }

    /// <summary>UNIT009: a non-zero threshold written on a conv/dense layer forced to <c>Implementation = Dense</c>.</summary>
    public static void CheckIgnoredThresholds(NetworkSite site, Action<Diagnostic> report)
    {
        foreach (var layer in site.Layers.Where(l => l.IsPrunable && l.Implementation == KernelImplementation.Dense))
        {
            var own = layer.Arguments.Has("Threshold") ? layer.Arguments.Float("Threshold") : null;
            var groups = layer.Arguments.Floats("GroupThresholds");
            if ((own is { } t && !IsValid(t)) || groups.Any(g => !IsValid(g)))
            {
                continue; // UNIT001 speaks for it
            }

            var (argument, value) = own is > 0f
                ? ("Threshold", Numbers.Exact(own.Value))
                : groups.Any(g => g > 0f) ? ("GroupThresholds", Numbers.List(groups)) : (null, null);
            if (argument is not null)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.ThresholdIgnoredByKernel, layer.ArgumentLocation(argument),
                    FixProperties.Fix("Remove the threshold (the Dense kernel does not prune)").Remove("Threshold", "GroupSize", "GroupThresholds").Build(),
                    layer.Label, argument, value));
            }
        }
    }

    private static bool CheckLayerThresholds(LayerSite layer, Action<Diagnostic> report)
    {
        var invalid = false;
        if (layer.Arguments.Has("Threshold") && layer.Arguments.Float("Threshold") is { } threshold && !IsValid(threshold))
        {
            report(Diagnostic.Create(DiagnosticDescriptors.InvalidThreshold, layer.ArgumentLocation("Threshold"),
                $"Threshold of layer '{layer.Label}'", Numbers.Exact(threshold), "0 turns UnIT off for the layer"));
            invalid = true;
        }

        var groups = layer.Arguments.Floats("GroupThresholds");
        for (var g = 0; g < groups.Count; g++)
        {
            if (!IsValid(groups[g]))
            {
                report(Diagnostic.Create(DiagnosticDescriptors.InvalidThreshold, layer.ElementLocation("GroupThresholds", g),
                    $"GroupThresholds[{g}] of layer '{layer.Label}'", Numbers.Exact(groups[g]), "0 turns UnIT off for the group"));
                invalid = true;
            }
        }

        return invalid;
    }

    private static bool CheckGroups(LayerSite layer, Action<Diagnostic> report)
    {
        var channels = layer.OutputChannels;
        if (channels <= 0)
        {
            return false; // the generator reports the layer itself
        }

        var groupSize = layer.Arguments.Int("GroupSize", 0);
        var count = layer.Arguments.Floats("GroupThresholds").Count;
        string? problem = null;
        var argument = "GroupSize";
        if (groupSize < 0 || (groupSize > 0 && channels % groupSize != 0))
        {
            problem = $"GroupSize = {Numbers.Integer(groupSize)} does not divide its {Numbers.Integer(channels)} output channels; use a divisor of {Numbers.Integer(channels)} ({string.Join(", ", Divisors(channels))})";
        }
        else if (count > 0)
        {
            argument = "GroupThresholds";
            var groups = groupSize == 0 ? 1 : channels / groupSize;
            if (count != groups)
            {
                problem = groupSize == 0
                    ? $"GroupThresholds has {Values(count)}, but without GroupSize the layer's {Numbers.Integer(channels)} output channels are one group; "
                      + (channels % count == 0 ? $"set GroupSize = {Numbers.Integer(channels / count)} for {Numbers.Integer(count)} groups" : "give one value, or set GroupSize to a divisor of " + Numbers.Integer(channels))
                    : $"GroupThresholds has {Values(count)}, but GroupSize = {Numbers.Integer(groupSize)} splits the {Numbers.Integer(channels)} output channels into {Numbers.Integer(groups)} groups; give exactly {Numbers.Integer(groups)}";
            }
        }

        if (problem is null)
        {
            return false;
        }

        report(Diagnostic.Create(DiagnosticDescriptors.GroupMismatch, layer.ArgumentLocation(argument), layer.Label, problem));
        return true;
    }

    private static string Values(int count) => Numbers.Integer(count) + (count == 1 ? " value" : " values");

    /// <summary>The divisors of <paramref name="n"/> in order, found up to √n so a huge channel count costs microseconds.</summary>
    private static IEnumerable<string> Divisors(int n)
    {
        var small = new List<int>();
        var large = new List<int>();
        for (var d = 1; (long)d * d <= n; d++)
        {
            if (n % d == 0)
            {
                small.Add(d);
                if (d != n / d)
                {
                    large.Add(n / d);
                }
            }
        }

        large.Reverse();
        return small.Concat(large).Select(d => Numbers.Integer(d));
    }

    /// <summary>A finite number &gt;= 0 (−0 included).</summary>
    public static bool IsValid(float value) => NetworkValidation.IsThreshold(value);
}
