namespace Messngr.Daemon.Tests;

/// <summary>Files of the repository the tests check against (README, docs, packaging, the C client): found above the test binary.</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository's root: the directory above the test binary that holds messngr.slnx.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "messngr.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root (messngr.slnx) is not above " + AppContext.BaseDirectory);
    }

    /// <summary>A path inside the repository, e.g. <c>Path("docs", "openapi.json")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root(), .. parts]);
}
