using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Training.Data;

namespace UnIT.Calibration;

/// <summary>
/// Chooses a network's activation thresholds θ and UnIT thresholds T on calibration data (never the test data):
/// θ by the paper's search (start at 1, double while the accuracy stays within <see cref="CalibrationOptions.ActivationBudgetPoints"/>
/// of the reference, then bisect; last ReLU first), then T per conv/dense layer and threshold group by a greedy search
/// that takes, step by step, the change that saves the most emulated cycles per accuracy point lost, until no step fits
/// the budget. Cycles come from the reference interpreter's ledger priced with the network's cost profile, so a
/// threshold that saves MACs but costs more comparisons than it saves does not pay. The design is in
/// <c>docs/calibration.md</c>.
/// </summary>
public sealed class Calibrator
{
    /// <summary>Prepares to calibrate <paramref name="definition"/> (its format, profile and division) with <paramref name="weights"/>.</summary>
    public Calibrator(NetworkDefinition definition, WeightFile weights, CalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(weights);
        Options = options ?? CalibrationOptions.Default;
        Options.Validate();
        Definition = definition;
        Weights = weights;
        PreparedNetwork.Prepare(definition, weights); // fail early, with the binding's own message
    }

    /// <summary>The network as declared.</summary>
    public NetworkDefinition Definition { get; }

    /// <summary>Its weights.</summary>
    public WeightFile Weights { get; }

    /// <summary>The options.</summary>
    public CalibrationOptions Options { get; }

    /// <summary>
    /// Calibrates on <paramref name="data"/>, reporting progress after every evaluation. With
    /// <paramref name="confirmation"/> (other held-out digits, never test digits), the chosen settings are then checked
    /// there and scaled back until they fit the budget on those digits too: a search that tries many settings on the
    /// same digits fits their noise, and an independent check keeps that from spending the budget.
    /// </summary>
    public CalibrationResult Calibrate(Dataset data, Action<CalibrationProgress>? progress = null, Dataset? confirmation = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var (set, name) in new[] { (data, nameof(data)), (confirmation, nameof(confirmation)) })
        {
            if (set is not null && set.SampleSize != Definition.InputShape.ElementCount)
            {
                throw new ArgumentException($"The samples have {set.SampleSize} values but network '{Definition.Name}' takes {Definition.InputShape.ElementCount} ({Definition.InputShape}).", name);
            }
        }

        var run = new CalibrationRun(this, data, confirmation, progress);
        return run.Execute();
    }

    /// <summary>The group size a conv/dense layer is calibrated with (options, then declaration, then default).</summary>
    public static int GroupSizeFor(PrunableLayer layer, CalibrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(options);
        var channels = layer.OutputChannels;
        int size;
        if (options.GroupSizes.TryGetValue(layer.Name, out var requested))
        {
            size = requested;
        }
        else if (layer.Pruning.GroupSize > 0)
        {
            size = layer.Pruning.GroupSize;
        }
        else
        {
            var preferred = layer is DenseLayer ? options.DefaultDenseGroupSize : options.DefaultConvolutionGroupSize;
            size = preferred <= 0 ? 0 : Enumerable.Range(1, Math.Min(preferred, channels)).Last(d => channels % d == 0);
        }

        if (size < 0 || (size > 0 && channels % size != 0))
        {
            throw new ArgumentException($"Group size {size} for layer '{layer.Name}' does not divide its {channels} output channels; use a divisor of {channels}.", nameof(options));
        }

        return size == channels ? 0 : size;
    }
}
