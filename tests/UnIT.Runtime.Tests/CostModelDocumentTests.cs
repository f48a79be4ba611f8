using UnIT.Reporting;
using Xunit;

namespace UnIT.Runtime.Tests;

public class CostModelDocumentTests
{
    /// <summary>
    /// docs/cost-model-tables.md must be exactly what the code prices. To refresh it after changing a profile, run
    /// the tests once with UNIT_ACCEPT_DOCS=1 (never set in CI) and commit the file.
    /// </summary>
    [Fact]
    public void The_generated_tables_in_docs_match_the_profiles()
    {
        var path = RepositoryFiles.PathOf("docs/cost-model-tables.md");
        var expected = CostProfileDocument.AllProfiles();
        if (Environment.GetEnvironmentVariable("UNIT_ACCEPT_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), "docs/cost-model-tables.md is missing; run the tests with UNIT_ACCEPT_DOCS=1 to create it.");
        Assert.Equal(expected, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }
}
