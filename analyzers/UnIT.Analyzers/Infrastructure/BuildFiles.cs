using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using UnIT.Calibration;
using UnIT.Generators.Models;
using UnIT.Generators.Parsing;
using UnIT.NumPy;

namespace UnIT.Analyzers.Infrastructure;

/// <summary>
/// The AdditionalFiles of one compilation that the analyzers read: converted weight files (<c>*.unitweights.txt</c>)
/// and calibration files (<c>*.calibration.txt</c>). Each file is decoded at most once per compilation, on first use,
/// however many networks and threads ask for it; nothing here touches the file system.
/// </summary>
internal sealed class BuildFiles
{
    private readonly ImmutableArray<Entry<WeightFileContent>> _weights;
    private readonly ImmutableArray<Entry<CalibrationRead>> _calibrations;

    public BuildFiles(ImmutableArray<AdditionalText> files)
    {
        _weights = files
            .Where(AdditionalFileReader.IsWeightFile)
            .Select(f => new Entry<WeightFileContent>(f, WeightFileText.WeightFileNameOf(f.Path) ?? string.Empty, AdditionalFileReader.ReadWeights))
            .ToImmutableArray();
        _calibrations = files
            .Where(AdditionalFileReader.IsCalibrationFile)
            .Select(f => new Entry<CalibrationRead>(f, Path.GetFileName(f.Path), ReadCalibration))
            .ToImmutableArray();
    }

    /// <summary>
    /// The weight file a network names, matched as the generator matches it (by item path or file name); null when
    /// the build does not provide it. Only files whose name fits are decoded.
    /// </summary>
    public WeightFileContent? Weights(string declared, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(declared.Replace('\\', '/'));
        foreach (var entry in _weights)
        {
            if (string.Equals(entry.FileName, fileName, StringComparison.OrdinalIgnoreCase)
                && entry.Get(cancellationToken) is var content
                && content.IsNamedBy(declared))
            {
                return content;
            }
        }

        return null;
    }

    /// <summary>The calibration file a network names (matched by file name, as the generator does); null when absent.</summary>
    public CalibrationRead? Calibration(string declared, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(declared);
        var entry = _calibrations.FirstOrDefault(c => string.Equals(c.FileName, fileName, StringComparison.OrdinalIgnoreCase));
        return entry?.Get(cancellationToken);
    }

    private static CalibrationRead ReadCalibration(AdditionalText text, CancellationToken cancellationToken)
    {
        var content = text.GetText(cancellationToken)?.ToString() ?? string.Empty;
        return CalibrationFile.TryParse(content, out var data, out _)
            ? new CalibrationRead(Path.GetFileName(text.Path), data)
            : new CalibrationRead(Path.GetFileName(text.Path), null);
    }

    /// <summary>One AdditionalFile and its decoded form, computed once under a lock; a cancelled read is not kept.</summary>
    private sealed class Entry<T>
        where T : class
    {
        private readonly AdditionalText _file;
        private readonly Func<AdditionalText, CancellationToken, T> _read;
        private readonly object _gate = new();
        private T? _value;

        public Entry(AdditionalText file, string fileName, Func<AdditionalText, CancellationToken, T> read)
        {
            _file = file;
            FileName = fileName;
            _read = read;
        }

        public string FileName { get; }

        public T Get(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return _value ??= _read(_file, cancellationToken);
            }
        }
    }
}

/// <summary>A calibration file: its name and its content, or null content when it cannot be parsed (the generator reports why).</summary>
internal sealed record CalibrationRead(string Name, CalibrationData? Data);
