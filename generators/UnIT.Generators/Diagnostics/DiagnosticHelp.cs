using System.Reflection;

namespace UnIT.Generators.Diagnostics;

/// <summary>
/// Where a diagnostic's help page is, for the generator's and the analyzers' rules alike. Every page is
/// <c>docs/diagnostics/&lt;id&gt;.md</c>, in the repository and in the UnIT.Generators package (its <c>docs/</c> folder).
/// A help link exists only when the build says where the repository is published: the <c>UnitRepositoryUrl</c>
/// property of <c>Directory.Build.props</c>, the one place that names it. Until then no link is better than one
/// that does not resolve.
/// </summary>
internal static class DiagnosticHelp
{
    private static readonly string? RepositoryUrl = typeof(DiagnosticHelp).Assembly
        .GetCustomAttributes(typeof(AssemblyMetadataAttribute), inherit: false)
        .OfType<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "UnitRepositoryUrl")?.Value is { Length: > 0 } url ? url.TrimEnd('/') : null;

    /// <summary>The page's path in the repository and in the package.</summary>
    public static string PagePath(string id) => $"docs/diagnostics/{id}.md";

    /// <summary>The page on the published repository, or <see langword="null"/> when none is configured.</summary>
    public static string? Link(string id) => RepositoryUrl is null ? null : $"{RepositoryUrl}/blob/main/{PagePath(id)}";

    /// <summary>The sentence a descriptor's description ends with: where to read more.</summary>
    public static string SeeAlso(string id) => $"Help: {PagePath(id)} (in the repository, and in the UnIT.Generators package's docs folder).";
}
