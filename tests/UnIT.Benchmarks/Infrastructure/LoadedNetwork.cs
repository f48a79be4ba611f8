using System.Reflection;
using System.Runtime.Loader;
using UnIT.Ledger;
using UnIT.Model;

namespace UnIT.Benchmarks.Infrastructure;

internal delegate void InferDelegate(ReadOnlySpan<float> input, Span<float> output);

internal delegate void InferWithLedgerDelegate(ReadOnlySpan<float> input, Span<float> output, InferenceLedger ledger);

/// <summary>
/// Compiled generated code loaded into a collectible <see cref="AssemblyLoadContext"/>, with typed delegates to one
/// network class's entry points (a delegate call costs a few nanoseconds; one inference costs tens of microseconds).
/// </summary>
internal sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    public LoadedAssembly(byte[] image, string name)
    {
        _context = new AssemblyLoadContext("UnIT benchmark " + name, isCollectible: true);
        using var stream = new MemoryStream(image);
        Assembly = _context.LoadFromStream(stream);
    }

    public Assembly Assembly { get; }

    public LoadedNetwork Network(string typeName) => new(Assembly.GetType(typeName, throwOnError: true)!);

    public void Dispose() => _context.Unload();
}

/// <summary>One generated network class: <c>Infer</c> with and without a ledger, its layout and definition.</summary>
internal sealed class LoadedNetwork
{
    public LoadedNetwork(Type type)
    {
        Type = type;
        Infer = type.GetMethod("Infer", [typeof(ReadOnlySpan<float>), typeof(Span<float>)])!.CreateDelegate<InferDelegate>();
        InferWithLedger = type.GetMethod("Infer", [typeof(ReadOnlySpan<float>), typeof(Span<float>), typeof(InferenceLedger)])!.CreateDelegate<InferWithLedgerDelegate>();
        LedgerLayout = (LedgerLayout)type.GetProperty("LedgerLayout")!.GetValue(null)!;
        Definition = (NetworkDefinition)type.GetProperty("Definition")!.GetValue(null)!;
        OutputLength = (int)type.GetField("OutputLength")!.GetValue(null)!;
    }

    public Type Type { get; }

    public InferDelegate Infer { get; }

    public InferWithLedgerDelegate InferWithLedger { get; }

    public LedgerLayout LedgerLayout { get; }

    public NetworkDefinition Definition { get; }

    public int OutputLength { get; }

    public InferenceLedger CreateLedger() => new(LedgerLayout);
}
