namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test's output directory.</summary>
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
