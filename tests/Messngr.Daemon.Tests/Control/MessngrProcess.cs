using System.Diagnostics;

namespace Messngr.Daemon.Tests.Control;

/// <summary>The built <c>messngr</c> (messngr.dll beside the tests) as a child process, for what only a real process shows: pipes, exit codes of Main.</summary>
internal static class MessngrProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "messngr.dll");

    /// <summary>Starts <c>dotnet messngr.dll ARGS</c> with standard output and error on pipes.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("MESSNGR_STATE_DIR");
        start.Environment["MESSNGR_CONFIG"] = "/dev/null";
        return Process.Start(start)!;
    }

    /// <summary>Runs to the end (a generous safety net, then killed): exit code, standard output, standard error.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => await CollectAsync(Start(args));

    /// <summary>Runs another program (bash, man, zsh …) to the end as <see cref="RunAsync"/> runs messngr.</summary>
    public static async Task<(int Code, string Output, string Error)> RunProgramAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return await CollectAsync(Process.Start(start)!);
    }

    private static async Task<(int Code, string Output, string Error)> CollectAsync(Process started)
    {
        using var process = started;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await WaitAsync(process);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Waits for the exit; fails the test (and kills the process) after 60 s.</summary>
    public static async Task WaitAsync(Process process)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"messngr did not exit within 60 s");
        }
    }
}
