namespace UnIT.Tests;

/// <summary>
/// Finds files of the repository from a test's output directory (linked into the test projects that read repository
/// files). Caller file paths cannot be used: CI builds map them to <c>/_/</c> (ContinuousIntegrationBuild).
/// </summary>
public static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "UnIT.Generators.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The repository root (UnIT.Generators.sln) was not found above the test directory.");
        }
    }

    public static string PathOf(string relative) => Path.Combine(Root, relative);
}
