using System.Diagnostics;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// A real <c>dbus-daemon --session</c> with a private configuration in a temporary directory
/// (its socket there too), started for one test and killed after. Its address is what
/// $DBUS_SESSION_BUS_ADDRESS would hold on a desktop.
/// </summary>
internal sealed class PrivateSessionBus : IDisposable
{
    private readonly Process _process;

    private PrivateSessionBus(Process process, string directory, string address)
    {
        _process = process;
        Directory = directory;
        Address = address;
    }

    public string Directory { get; }

    public string Address { get; }

    public static async Task<PrivateSessionBus> StartAsync()
    {
        // ./test.sh installs dbus-daemon (Debian "dbus-daemon"); a missing one fails the test loudly.
        Assert.True(File.Exists("/usr/bin/dbus-daemon"), "dbus-daemon is missing: apt-get install -y dbus-daemon");
        var directory = System.IO.Directory.CreateTempSubdirectory("messngr-dbus-").FullName;
        var config = Path.Combine(directory, "session.conf");
        var socket = Path.Combine(directory, "bus");
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:path={socket}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """);
        var start = new ProcessStartInfo("/usr/bin/dbus-daemon")
        {
            ArgumentList = { "--config-file=" + config, "--nofork", "--nopidfile" },
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        // the socket path is fixed by the configuration: wait for it (not for --print-address, which
        // a pipe may hold in dbus-daemon's stdio buffer)
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        // (bind makes the file before listen: wait until a connection is accepted, not only for the file)
        while (!Accepts(socket))
        {
            if (process.HasExited)
            {
                Assert.Fail("dbus-daemon exited: " + await process.StandardError.ReadToEndAsync());
            }

            Assert.True(DateTime.UtcNow < deadline, "dbus-daemon made no socket in 60 s");
            await Task.Delay(20);
        }

        var address = "unix:path=" + socket;
        return new PrivateSessionBus(process, directory, address);
    }

    private static bool Accepts(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        try
        {
            probe.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
