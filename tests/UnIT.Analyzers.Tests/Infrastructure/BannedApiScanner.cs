using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>
/// Lists the banned APIs (file I/O, the clock, the machine, randomness) an assembly references, by reading its type and
/// member references from metadata: what the compiled analyzer can call, whatever source produced it.
/// </summary>
public static class BannedApiScanner
{
    public static readonly string[] BannedTypes =
    [
        "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileStream",
        "System.Diagnostics.Stopwatch", "System.Random",
    ];

    /// <summary>
    /// Every member of <c>System.Environment</c> is banned except the managed thread id, which the C# compiler itself
    /// emits in iterator state machines (<c>yield return</c>) to hand out enumerators.
    /// </summary>
    private const string Environment = "System.Environment";

    private const string CompilerEmittedEnvironmentMember = "get_CurrentManagedThreadId";

    public static readonly string[] BannedMembers =
    [
        "System.DateTime.get_Now", "System.DateTime.get_UtcNow", "System.DateTime.get_Today", "System.DateTimeOffset.get_Now", "System.DateTimeOffset.get_UtcNow",
    ];

    public static IReadOnlyList<string> Scan(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeReferences)
        {
            var name = FullName(reader, handle);
            if (BannedTypes.Contains(name))
            {
                found.Add(name);
            }
        }

        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference)
            {
                var type = FullName(reader, (TypeReferenceHandle)member.Parent);
                var memberName = reader.GetString(member.Name);
                var name = type + "." + memberName;
                if (BannedMembers.Contains(name) || (type == Environment && memberName != CompilerEmittedEnvironmentMember))
                {
                    found.Add(name);
                }
            }
        }

        return [.. found];
    }

    private static string FullName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var ns = reader.GetString(type.Namespace);
        return (ns.Length == 0 ? string.Empty : ns + ".") + reader.GetString(type.Name);
    }
}
