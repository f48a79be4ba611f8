using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using UnIT.Ledger;

namespace UnIT.Generators.Tests.Infrastructure;

public delegate void InferDelegate(ReadOnlySpan<float> input, Span<float> output);

public delegate void InferWithLedgerDelegate(ReadOnlySpan<float> input, Span<float> output, InferenceLedger ledger);

/// <summary>
/// Generated code compiled in memory and loaded into a collectible <see cref="AssemblyLoadContext"/>, with typed
/// delegates to its entry points. Compilation errors fail with the numbered generated source.
/// </summary>
public sealed class CompiledNetwork : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private CompiledNetwork(AssemblyLoadContext context, Type type)
    {
        _context = context;
        Type = type;
        Infer = type.GetMethod("Infer", [typeof(ReadOnlySpan<float>), typeof(Span<float>)])!.CreateDelegate<InferDelegate>();
        InferWithLedger = type.GetMethod("Infer", [typeof(ReadOnlySpan<float>), typeof(Span<float>), typeof(InferenceLedger)])!.CreateDelegate<InferWithLedgerDelegate>();
        LedgerLayout = (LedgerLayout)type.GetProperty("LedgerLayout")!.GetValue(null)!;
    }

    public Type Type { get; }

    public InferDelegate Infer { get; }

    public InferWithLedgerDelegate InferWithLedger { get; }

    public LedgerLayout LedgerLayout { get; }

    public InferenceLedger CreateLedger() => new(LedgerLayout);

    public T Constant<T>(string name) => (T)Type.GetField(name)!.GetValue(null)!;

    public static CompiledNetwork Load(Compilation compilation, string typeName, byte[]? embeddedWeights = null, string? weightFileName = null)
    {
        using var stream = new MemoryStream();
        var resources = embeddedWeights is null
            ? null
            : new[] { new ResourceDescription("UnIT.Weights." + weightFileName, () => new MemoryStream(embeddedWeights), isPublic: true) };
        var result = compilation.Emit(stream, manifestResources: resources);
        if (!result.Success)
        {
            throw new InvalidOperationException("The generated code does not compile:\n"
                + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()))
                + "\n\n" + Numbered(compilation));
        }

        // Users build with warnings as errors too: generated code must compile without a single warning.
        var warnings = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.Contains("UnIT.Generators", StringComparison.Ordinal) == true).ToArray();
        if (warnings.Length > 0)
        {
            throw new InvalidOperationException("The generated code compiles with warnings:\n" + string.Join("\n", warnings.Select(d => d.ToString())));
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext("UnIT generated " + typeName, isCollectible: true);
        var assembly = context.LoadFromStream(stream);
        return new CompiledNetwork(context, assembly.GetType(typeName, throwOnError: true)!);
    }

    /// <summary>The generated trees with line numbers, for failure messages.</summary>
    public static string Numbered(Compilation compilation)
    {
        var builder = new StringBuilder();
        foreach (var tree in compilation.SyntaxTrees.Skip(1))
        {
            builder.AppendLine("==== " + tree.FilePath);
            var lines = tree.ToString().Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                builder.Append((i + 1).ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).Append(": ").AppendLine(lines[i]);
            }
        }

        return builder.ToString();
    }

    public void Dispose() => _context.Unload();
}
