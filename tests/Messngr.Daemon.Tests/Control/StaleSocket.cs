using System.Diagnostics;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Leaves a Unix socket file nobody listens on, as a killed daemon does. .NET unlinks a socket
/// file it bound when the socket is disposed, so another process (python3's standard library,
/// which never unlinks) makes it.
/// </summary>
internal static class StaleSocket
{
    public static void Create(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).bind(sys.argv[1])");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && File.Exists(path), $"could not leave a stale socket at {path}: {error}");
    }
}
