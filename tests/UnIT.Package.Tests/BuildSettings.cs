using System.Reflection;

namespace UnIT.Package.Tests;

/// <summary>What the test project's build recorded: the repository, its configuration and the task DLL it built.</summary>
public static class BuildSettings
{
    public static string RepositoryRoot => Metadata(nameof(RepositoryRoot));

    public static string Configuration => Metadata(nameof(Configuration));

    public static string PackageVersion => Metadata(nameof(PackageVersion));

    public static string UnitBuildTasksAssembly => Metadata(nameof(UnitBuildTasksAssembly));

    private static string Metadata(string key) =>
        typeof(BuildSettings).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no AssemblyMetadata '{key}'; see UnIT.Package.Tests.csproj.");
}
