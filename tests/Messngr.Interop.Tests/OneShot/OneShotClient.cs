using System.Diagnostics;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.OneShot;

/// <summary>
/// messngr-send (src/messngr-send/messngr-send.c, issue #15, item 8) built for the tests: compiled
/// once per test run by src/messngr-send/build.sh, as the package and ./test.sh build it, into a
/// directory of its own, beside a <c>messngr</c> that runs the built messngr.dll — the messngr it
/// execs, as /usr/bin/messngr-send execs /usr/bin/messngr. <see cref="WithMessngr"/> gives a copy
/// beside another <c>messngr</c> (a script that records that it was run).
/// </summary>
internal static class OneShotClient
{
    private static readonly Lazy<string> Built = new(() => Build(Path.Combine(AppContext.BaseDirectory, "messngr.dll")));

    /// <summary>The directory holding messngr-send and the messngr it execs.</summary>
    public static string Directory => Built.Value;

    public static Tool.Result Run(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Tool.Run(Path.Combine(Directory, "messngr-send"), args, timeoutMs: 120_000, environment: environment);

    /// <summary>
    /// Runs <paramref name="client"/> with exactly <paramref name="environment"/> (<c>env -i</c>): a
    /// variable the test does not name is not set, whatever the test runner's environment holds.
    /// </summary>
    public static Tool.Result RunWithOnly(string client, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Tool.Run("env", ["-i", .. environment.Select(e => $"{e.Key}={e.Value}"), client, .. args], timeoutMs: 60_000);

    /// <summary>A messngr-send whose messngr is <paramref name="script"/> (a shell script body).</summary>
    public static string WithMessngr(string directory, string script)
    {
        System.IO.Directory.CreateDirectory(directory);
        var client = Path.Combine(directory, "messngr-send");
        File.Copy(Path.Combine(Directory, "messngr-send"), client, overwrite: true);
        WriteExecutable(Path.Combine(directory, "messngr"), "#!/bin/sh\n" + script + "\n");
        return client;
    }

    /// <summary>The repository's src/messngr-send/messngr-send.c.</summary>
    public static string Source
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "messngr.slnx")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("messngr.slnx not found above the test binaries"), "src", "messngr-send", "messngr-send.c");
        }
    }

    private static string Build(string messngrDll)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("messngr-send-build-").FullName;
        var build = Path.Combine(Path.GetDirectoryName(Source)!, "build.sh");
        var compile = Tool.Run("bash", [build, directory], timeoutMs: 120_000);
        Assert.True(compile.ExitCode == 0, $"{build}: {compile.Output}{compile.Error}");
        WriteExecutable(Path.Combine(directory, "messngr"), $"#!/bin/sh\nexec dotnet '{messngrDll}' \"$@\"\n");
        return directory;
    }

    private static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
