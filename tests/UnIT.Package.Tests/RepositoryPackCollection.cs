using Xunit;

namespace UnIT.Package.Tests;

/// <summary>
/// Test classes that run `dotnet pack` on src/UnIT.Package in this repository: they run one after another, because two
/// packs at once would write the same files under the project's obj/ folder.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RepositoryPackCollection
{
    public const string Name = "dotnet pack in the repository";
}
