using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #10, items 2 and 10, on the real <c>messngr serve</c>: while it runs and after a message
/// arrived, another user (uid 65534 through setpriv(1); needs root as CI has) can read no file of
/// the state directory and so no message text, yet still reach the control socket; and a corrupt
/// store stops the start with one line and exit code 70.
/// </summary>
public sealed class StatePrivacyTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("messngr-private-").FullName;

    public StatePrivacyTests()
    {
        // A world-readable parent, like /var/lib: only the modes serve gives its own files protect them.
        File.SetUnixFileMode(_parent, (UnixFileMode)0b111_101_101);
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    private static Tool.Result AsNobody(params string[] command) =>
        Tool.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", .. command]);

    [Fact]
    public void Another_user_can_read_no_message_text_under_the_state_directory_while_serve_runs()
    {
        var stateDir = Path.Combine(_parent, "state");
        // OPS from the alias option belongs to nobody but root: its messages are root's only.
        using var serve = ServeProcess.StartIn(stateDir, "HOSTB", "LAB", "--alias", "OPS");
        serve.WaitForLog("registered OPS<03>", TimeSpan.FromSeconds(30));
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        var sent = Tool.Run("smbclient", ["-M", "OPS", "-I", "127.0.0.1", "-p", serve.Port.Session.ToString(CultureInfo.InvariantCulture), "-U", "alice", "-N"], secret);
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        serve.WaitForOutput(secret, TimeSpan.FromSeconds(10)); // committed before it is shown

        var files = Directory.GetFiles(stateDir, "*", SearchOption.AllDirectories);
        Assert.Contains(Path.Combine(stateDir, "messngr.db-wal"), files);
        Assert.Contains(Path.Combine(stateDir, "messngr.db-shm"), files);
        // The text is on disk (so reading it would succeed if the modes let it through) …
        // (serve.lock is flock(2)ed while serve runs, which .NET's own open would trip over.)
        Assert.Contains(files, f => !f.EndsWith(".sock", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal) && File.ReadAllText(f).Contains(secret, StringComparison.Ordinal));
        // … but not for another user.
        foreach (var file in files)
        {
            var read = AsNobody("cat", file);
            Assert.True(read.ExitCode != 0, $"uid 65534 could read {file}");
            Assert.DoesNotContain(secret, read.Output, StringComparison.Ordinal);
        }

        var list = AsNobody("ls", stateDir);
        Assert.True(list.ExitCode != 0, $"uid 65534 could list the state directory: {list.Output}");

        // The control socket stays reachable: the control API authorises by SO_PEERCRED.
        var status = AsNobody("/usr/bin/python3", "-c", """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            s.sendall(b"GET /v1/history HTTP/1.0\r\nHost: messngr\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            print(data.decode())
            """, Path.Combine(stateDir, "control.sock"));
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains(" 200 OK", status.Output.Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain(secret, status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_store_stops_serve_with_one_line_and_exit_code_70()
    {
        var stateDir = Path.Combine(_parent, "state");
        Directory.CreateDirectory(stateDir);
        File.WriteAllText(Path.Combine(stateDir, "messngr.db"), new string('x', 8192));

        var run = Tool.Run("dotnet", [
            Path.Combine(AppContext.BaseDirectory, "messngr.dll"), "serve", "--netbios-name", "HOSTB", "--interface", "127.0.0.1",
            "--state-dir", stateDir, "--config", "/dev/null",
            "--name-service-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--datagram-service-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--session-service-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--rpc-port", FreePort.Next().ToString(CultureInfo.InvariantCulture)]);

        Assert.True(run.ExitCode == 70, $"exit {run.ExitCode}\n{run.Error}");
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"messngr serve: the message store {Path.Combine(stateDir, "messngr.db")} cannot be opened: the database is corrupt", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }
}
