using System.Globalization;
using System.Text;
using UnIT.Collections;

namespace UnIT.Calibration;

/// <summary>
/// The calibration file: a small line-based text format (not JSON) because the generator and analyzers read it inside
/// the compiler, where a JSON library is not reliably loadable, and because it diffs well in reviews.
/// </summary>
/// <remarks>
/// <code>
/// # UnIT calibration: written by `unit calibrate`; read by the UnIT generator and analyzers.
/// format: 1
/// network: MnistUnit
/// number-format: Q15
/// profile: Msp430FR5994
/// division: ReciprocalLut
/// input-range: 2.8215
/// input-mean: 0.1307                 (only when the network folds a training normalisation)
/// input-standard-deviation: 0.3081   (likewise)
/// accuracy-budget-points: 0.5
/// baseline-accuracy: 0.981
/// calibrated-accuracy: 0.978
/// samples: 1000
/// layer conv1 threshold=0.05 output-range=6.5 input-zero-fraction=0 input-magnitudes=0.01,0.2,...
/// layer relu1 activation-threshold=1.5
/// layer conv2 threshold=0.04 group-size=4 group-thresholds=0.03,0.05,0.04,0.04 ...
/// </code>
/// Numbers are invariant and round-trip exactly; lines starting with <c>#</c> and blank lines are ignored.
/// </remarks>
public static class CalibrationFile
{
    /// <summary>File name ending the build and the tools use.</summary>
    public const string Extension = ".calibration.txt";

    private const int FormatVersion = 1;

    /// <summary>Writes <paramref name="data"/> in the calibration format.</summary>
    public static string Write(CalibrationData data)
    {
        var builder = new StringBuilder();
        builder.Append("# UnIT calibration: written by `unit calibrate`; read by the UnIT generator and analyzers.\n");
        Line(builder, "format", FormatVersion.ToString(CultureInfo.InvariantCulture));
        Line(builder, "network", data.Network);
        Line(builder, "number-format", data.Format.ToString());
        Line(builder, "profile", data.Profile.ToString());
        Line(builder, "division", data.Division.ToString());
        Line(builder, "input-range", Float(data.InputRange));
        if (data.FoldsInputNormalization)
        {
            Line(builder, "input-mean", Float(data.InputMean));
            Line(builder, "input-standard-deviation", Float(data.InputStandardDeviation));
        }

        Line(builder, "accuracy-budget-points", Double(data.AccuracyBudgetPoints));
        Line(builder, "baseline-accuracy", Double(data.BaselineAccuracy));
        Line(builder, "calibrated-accuracy", Double(data.CalibratedAccuracy));
        Line(builder, "samples", data.Samples.ToString(CultureInfo.InvariantCulture));
        foreach (var layer in data.Layers)
        {
            builder.Append("layer ").Append(layer.Label);
            Pair(builder, "threshold", layer.Threshold is { } t ? Float(t) : null);
            Pair(builder, "group-size", layer.GroupSize > 0 ? layer.GroupSize.ToString(CultureInfo.InvariantCulture) : null);
            Pair(builder, "group-thresholds", layer.GroupThresholds.Count > 0 ? string.Join(",", layer.GroupThresholds.Select(Float)) : null);
            Pair(builder, "activation-threshold", layer.ActivationThreshold is { } a ? Float(a) : null);
            Pair(builder, "output-range", layer.OutputRange is { } r ? Float(r) : null);
            Pair(builder, "input-zero-fraction", layer.InputZeroFraction is { } z ? Double(z) : null);
            Pair(builder, "input-magnitudes", layer.InputMagnitudes.Count > 0 ? string.Join(",", layer.InputMagnitudes.Select(Float)) : null);
            builder.Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Parses a calibration file; <paramref name="problem"/> says what is wrong (with the line number) on failure.</summary>
    public static bool TryParse(string text, out CalibrationData? data, out string? problem)
    {
        data = null;
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var layers = new List<CalibratedLayer>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("layer ", StringComparison.Ordinal))
            {
                if (!TryParseLayer(line.Substring(6), out var layer, out problem))
                {
                    problem = $"line {i + 1}: {problem}";
                    return false;
                }

                layers.Add(layer!);
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                problem = $"line {i + 1}: expected 'key: value' or 'layer <name> key=value ...', found \"{line}\"";
                return false;
            }

            header[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
        }

        problem = Check(header);
        if (problem is not null)
        {
            return false;
        }

        data = new CalibrationData(
            header["network"],
            Enum<NumberFormat>(header["number-format"]),
            Enum<TargetProfile>(header["profile"]),
            Enum<DivisionApproximation>(header["division"]),
            ParseFloat(header["input-range"]),
            ParseDouble(header["accuracy-budget-points"]),
            ParseDouble(header["baseline-accuracy"]),
            ParseDouble(header["calibrated-accuracy"]),
            int.Parse(header["samples"], CultureInfo.InvariantCulture),
            layers.ToImmutableEquatableArray())
        {
            InputMean = header.TryGetValue("input-mean", out var mean) ? ParseFloat(mean) : 0f,
            InputStandardDeviation = header.TryGetValue("input-standard-deviation", out var deviation) ? ParseFloat(deviation) : 1f,
        };
        return true;
    }

    private static string? Check(Dictionary<string, string> header)
    {
        string[] required = ["format", "network", "number-format", "profile", "division", "input-range", "accuracy-budget-points", "baseline-accuracy", "calibrated-accuracy", "samples"];
        var missing = required.Where(k => !header.ContainsKey(k)).ToArray();
        if (missing.Length > 0)
        {
            return $"missing header line(s) {string.Join(", ", missing)}; regenerate the file with `unit calibrate`";
        }

        if (header["format"] != FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            return $"format {header["format"]} is not supported (this version reads format {FormatVersion}); regenerate the file with `unit calibrate`";
        }

        if (!IsEnum<NumberFormat>(header["number-format"]) || !IsEnum<TargetProfile>(header["profile"]) || !IsEnum<DivisionApproximation>(header["division"]))
        {
            return "number-format, profile or division is not a known value";
        }

        foreach (var key in new[] { "input-range", "accuracy-budget-points", "baseline-accuracy", "calibrated-accuracy", "input-mean", "input-standard-deviation" }.Where(header.ContainsKey))
        {
            if (!double.TryParse(header[key], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return $"'{key}: {header[key]}' is not a number";
            }
        }

        return int.TryParse(header["samples"], NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : $"'samples: {header["samples"]}' is not a whole number";
    }

    private static bool TryParseLayer(string text, out CalibratedLayer? layer, out string? problem)
    {
        layer = null;
        var parts = text.Split([' '], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            problem = "a layer line needs the layer's name";
            return false;
        }

        float? threshold = null, activation = null, range = null;
        double? zero = null;
        var groupSize = 0;
        var groups = ImmutableEquatableArray<float>.Empty;
        var magnitudes = ImmutableEquatableArray<float>.Empty;
        foreach (var pair in parts.Skip(1))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                problem = $"layer {parts[0]}: expected key=value, found \"{pair}\"";
                return false;
            }

            var (key, value) = (pair.Substring(0, equals), pair.Substring(equals + 1));
            try
            {
                switch (key)
                {
                    case "threshold": threshold = ParseFloat(value); break;
                    case "group-size": groupSize = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "group-thresholds": groups = ParseList(value); break;
                    case "activation-threshold": activation = ParseFloat(value); break;
                    case "output-range": range = ParseFloat(value); break;
                    case "input-zero-fraction": zero = ParseDouble(value); break;
                    case "input-magnitudes": magnitudes = ParseList(value); break;
                    default:
                        problem = $"layer {parts[0]}: unknown key '{key}'";
                        return false;
                }
            }
            catch (FormatException)
            {
                problem = $"layer {parts[0]}: '{value}' is not a valid value for {key}";
                return false;
            }
        }

        layer = new CalibratedLayer(parts[0], threshold, groupSize, groups, activation, range, zero, magnitudes);
        problem = null;
        return true;
    }

    private static ImmutableEquatableArray<float> ParseList(string value) =>
        value.Split(',').Select(ParseFloat).ToImmutableEquatableArray();

    private static float ParseFloat(string value) => float.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double ParseDouble(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static T Enum<T>(string value)
        where T : struct => (T)System.Enum.Parse(typeof(T), value);

    private static bool IsEnum<T>(string value)
        where T : struct => System.Enum.TryParse<T>(value, out _) && System.Enum.IsDefined(typeof(T), System.Enum.Parse(typeof(T), value));

    private static void Line(StringBuilder builder, string key, string value) => builder.Append(key).Append(": ").Append(value).Append('\n');

    private static void Pair(StringBuilder builder, string key, string? value)
    {
        if (value is not null)
        {
            builder.Append(' ').Append(key).Append('=').Append(value);
        }
    }

    private static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
