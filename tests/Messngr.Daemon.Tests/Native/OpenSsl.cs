using System.Diagnostics;

namespace Messngr.Daemon.Tests.Native;

/// <summary>Runs <c>/bin/sh -c</c> pipelines of openssl(1) and sha256sum(1): a second, independent implementation.</summary>
internal static class OpenSsl
{
    public static async Task<(int Code, string Output)> ShellAsync(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, (await output) + (await error));
    }

    /// <summary>The hex SHA-256 that <paramref name="pipeline"/> | sha256sum prints.</summary>
    public static async Task<string> Sha256Async(string pipeline)
    {
        var (code, output) = await ShellAsync($"set -e; {pipeline} | sha256sum");
        Assert.True(code == 0, output);
        return output.Split(' ')[0].Trim();
    }

    public static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
