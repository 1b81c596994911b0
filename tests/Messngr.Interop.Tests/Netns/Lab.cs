using System.Security.Cryptography;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// A private multi-host LAN of network namespaces (see <see cref="LabNetwork"/>) with real
/// third-party peers, one per test run, shared by every test in <see cref="LabCollection"/>
/// (which therefore run one after another).
/// <list type="bullet">
/// <item>HOSTA 10.99.0.11: messngr under test. <see cref="Messngr"/> is the shared
/// <c>serve --netbios-name HOSTA --workgroup LAB --alias BOB</c>, started on first use and again
/// after it was stopped, always with the same state directory (<see cref="StateDirectory"/>), so a
/// test can stop it, inspect the state (<c>messngr history --json</c> through <see cref="MessngrCommand"/>
/// with <c>--state-dir</c>) and start it again to check that history survives a restart. A test that
/// needs other options calls <see cref="StartMessngr"/> (which stops the shared one on that host).</item>
/// <item>HOSTB 10.99.0.12: Samba (<see cref="StartSamba"/>): nmbd registers HOSTB and LAB on the
/// segment and defends them, smbd takes WinPopup messages. Name registration seen by nmbd and
/// conflicts with nmbd: start Samba, start messngr with a clashing name, read
/// <see cref="SambaServer.WaitForNmbdLog"/> / nmblookup from HOSTC, or capture on HOSTC.</item>
/// <item>HOSTC 10.99.0.13: clients: <see cref="Smbclient"/>, <see cref="Nmblookup"/>, nbtscan and the
/// Python peers in <c>peers/</c> (<see cref="Python"/>) — also the place to run floods from.</item>
/// <item>HOSTX 10.98.0.10, behind ROUTER (10.99.0.1 / 10.98.0.1): a sender outside the allowed
/// networks for policy tests; unicast reaches HOSTA, broadcasts do not cross the router.</item>
/// <item>HOSTD 10.95.0.14: only while a test holds a <see cref="LabSecondSubnet"/>, which gives
/// HOSTA a second interface (eth1, 10.95.0.11) towards it, for <c>--interface</c> tests.</item>
/// </list>
/// Captures: <see cref="Capture"/> runs tshark on any host's interface. Every process the lab
/// starts is ended at <see cref="Dispose"/>, which also removes the namespaces; an aborted run's
/// lab is removed by the next run (<see cref="LabJanitor"/>). Traffic never leaves the lab.
/// </summary>
public sealed class Lab : IDisposable
{
    public const string Workgroup = "LAB";

    /// <summary>The arguments of the shared HOSTA messngr (<see cref="Messngr"/>).</summary>
    public static readonly IReadOnlyList<string> DefaultMessngrArguments = ["--netbios-name", "HOSTA", "--workgroup", Workgroup, "--alias", "BOB"];

    private readonly Lock _lock = new();
    private readonly List<IDisposable> _started = [];
    private NetnsServe? _messngr;
    private SambaServer? _samba;
    private bool _disposed;

    public Lab()
    {
        RequireRoot();
        Suffix = string.Empty;
        Directory = string.Empty;
        try
        {
            LabJanitor.ReapAbandoned();
            Suffix = NewSuffix();
            Directory = LabJanitor.DirectoryFor(Suffix);
            System.IO.Directory.CreateDirectory(Directory);
            // Daemons that drop privileges (smbd's message command runs as the guest user) must reach their files.
            NetnsCommand.Chmod(Directory, (UnixFileMode)0x1ED); // 0755
            LabJanitor.Claim(Directory);
            (HostA, HostB, HostC, HostX, Router) = LabNetwork.Create(Suffix);
        }
        catch (Exception ex)
        {
            try
            {
                Cleanup();
            }
            catch (AggregateException)
            {
                // the build error below is the one worth reading
            }

            throw new InvalidOperationException($"could not build the namespace lab {Suffix}: {ex.Message} (./test.sh installs iproute2, samba, smbclient, tshark, python3-scapy, python3-impacket)", ex);
        }

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Random part of every name of this lab (namespaces, bridge, directory).</summary>
    public string Suffix { get; }

    /// <summary>The lab's directory: state directories, Samba configs and logs, captures.</summary>
    public string Directory { get; }

    public string BridgeName => LabNetwork.Bridge(Suffix);

    public LabHost HostA { get; }

    public LabHost HostB { get; }

    public LabHost HostC { get; }

    public LabHost HostX { get; }

    public LabHost Router { get; }

    public IReadOnlyList<LabHost> Hosts => [HostA, HostB, HostC, HostX, Router];

    /// <summary>The path of a file shipped in the test output's <c>peers/</c> folder.</summary>
    public static string PeerScript(string script) => Path.Combine(AppContext.BaseDirectory, "peers", script);

    /// <summary>Runs a command in <paramref name="host"/> and waits for it (30 s at most).</summary>
    internal Tool.Result Exec(LabHost host, params string[] command) => ExecWithInput(host, null, command);

    /// <summary>Runs a command in <paramref name="host"/> with <paramref name="input"/> on its standard input.</summary>
    internal Tool.Result ExecWithInput(LabHost host, string? input, IReadOnlyList<string> command, int timeoutMs = 30_000) =>
        NetnsCommand.Exec(host.Namespace, command, input, timeoutMs);

    /// <summary>Starts a long-running command in <paramref name="host"/>; the lab ends it at the latest at <see cref="Dispose"/>.</summary>
    public NetnsProcess StartProcess(LabHost host, params string[] command) => Track(NetnsProcess.Start(host, command));

    /// <summary>Runs <c>/usr/bin/python3 peers/SCRIPT ARGS</c> in <paramref name="host"/> (the only Python that sees scapy and Impacket).</summary>
    internal Tool.Result Python(LabHost host, string script, params string[] args) =>
        Exec(host, ["/usr/bin/python3", PeerScript(script), .. args]);

    /// <summary>
    /// The <c>messngr</c> command line (the built messngr.dll) in <paramref name="host"/>, e.g.
    /// <c>history --json --state-dir DIR</c> against a running or stopped serve.
    /// </summary>
    internal Tool.Result MessngrCommand(LabHost host, params string[] args) =>
        Exec(host, ["dotnet", Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args]);

    /// <summary>smbclient in <paramref name="host"/> with the host's client config (<see cref="ClientConfig"/>).</summary>
    internal Tool.Result Smbclient(LabHost host, string? input, params string[] args) =>
        ExecWithInput(host, input, ["smbclient", "-s", ClientConfig(host), .. args]);

    /// <summary>nmblookup in <paramref name="host"/> with the host's client config.</summary>
    internal Tool.Result Nmblookup(LabHost host, params string[] args) =>
        Exec(host, ["nmblookup", "-s", ClientConfig(host), .. args]);

    /// <summary>
    /// A Samba client config for <paramref name="host"/> (written on first use): its interface only,
    /// so name queries by broadcast go to its subnet; private state directories.
    /// </summary>
    public string ClientConfig(LabHost host)
    {
        var directory = Path.Combine(Directory, host.Name.ToLowerInvariant(), "samba-client");
        var path = Path.Combine(directory, "smb.conf");
        lock (_lock)
        {
            if (!File.Exists(path))
            {
                SambaConfig.CreateDirectories(directory);
                File.WriteAllText(path, SambaConfig.Client(host, Workgroup, directory));
            }
        }

        return path;
    }

    /// <summary>The state directory the lab gives messngr on <paramref name="host"/> (kept across restarts).</summary>
    public string StateDirectory(LabHost host) => Path.Combine(Directory, host.Name.ToLowerInvariant(), "messngr-state");

    /// <summary>
    /// The shared messngr on HOSTA (<see cref="DefaultMessngrArguments"/>), started when first asked
    /// for and again after it stopped or exited. Its output accumulates: look for unique texts.
    /// </summary>
    public NetnsServe Messngr
    {
        get
        {
            lock (_lock)
            {
                if (_messngr is null || _messngr.HasExited)
                {
                    _messngr?.Dispose();
                    _messngr = null;
                    _messngr = NetnsServe.Start(HostA, StateDirectory(HostA), DefaultMessngrArguments);
                }

                return _messngr;
            }
        }
    }

    /// <summary>Stops the shared HOSTA messngr with SIGTERM if it runs; returns its exit code (null if it was not running).</summary>
    public int? StopMessngr()
    {
        lock (_lock)
        {
            if (_messngr is null)
            {
                return null;
            }

            return _messngr.Stop();
        }
    }

    /// <summary>
    /// Starts <c>messngr serve ARGS</c> in <paramref name="host"/> on the classic ports (stopping the
    /// shared one first when <paramref name="host"/> is HOSTA). The caller disposes it; the lab ends
    /// it at the latest at <see cref="Dispose"/>. Without <c>--state-dir</c> it gets <see cref="StateDirectory"/>.
    /// </summary>
    public NetnsServe StartMessngr(LabHost host, params string[] args)
    {
        if (host == HostA)
        {
            StopMessngr();
        }

        return Track(NetnsServe.Start(host, StateDirectory(host), args));
    }

    /// <summary>
    /// <see cref="StartMessngr(LabHost, string[])"/> with <paramref name="prefix"/> run first in the
    /// namespace; the prefix must exec its trailing arguments (the daemon's command line).
    /// </summary>
    public NetnsServe StartMessngrWithPrefix(LabHost host, IReadOnlyList<string> prefix, params string[] args)
    {
        if (host == HostA)
        {
            StopMessngr();
        }

        return Track(NetnsServe.Start(host, StateDirectory(host), args, prefix));
    }

    /// <summary>
    /// Samba (nmbd + smbd) on HOSTB, shared: started on first call and kept running; a call with
    /// different <paramref name="extraGlobal"/> lines restarts it with them. Waits until it answers.
    /// </summary>
    public SambaServer StartSamba(params string[] extraGlobal)
    {
        lock (_lock)
        {
            if (_samba is not null && _samba.IsRunning && _samba.ExtraGlobal.SequenceEqual(extraGlobal))
            {
                return _samba;
            }

            StopSambaLocked();
            var directory = Path.Combine(Directory, "hostb", $"samba-{DateTime.UtcNow:HHmmssfff}");
            _samba = SambaServer.Start(HostB, HostC, Workgroup, directory, extraGlobal);
            return _samba;
        }
    }

    /// <summary>Stops Samba on HOSTB if it runs.</summary>
    public void StopSamba()
    {
        lock (_lock)
        {
            StopSambaLocked();
        }
    }

    /// <summary>Starts tshark on <paramref name="host"/>'s interface with a capture filter; it ends by itself after <paramref name="maxDuration"/> (20 s unless told).</summary>
    public NetnsCapture Capture(LabHost host, string captureFilter, TimeSpan? maxDuration = null)
    {
        var path = Path.Combine(Directory, $"capture-{host.Name.ToLowerInvariant()}-{Guid.NewGuid():N}.pcap");
        return Track(NetnsCapture.Start(host, captureFilter, path, maxDuration ?? TimeSpan.FromSeconds(20)));
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Cleanup();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Cleanup();

    private void Cleanup()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            // Each step on its own: a failing one must not leave namespaces and daemons behind.
            var steps = new List<Action> { StopSambaLocked, () => _messngr?.Dispose() };
            steps.AddRange(_started.Select(started => (Action)started.Dispose));
            if (Suffix.Length > 0)
            {
                steps.Add(() => LabNetwork.Destroy(Suffix));
                steps.Add(() => System.IO.Directory.Delete(Directory, recursive: true));
            }

            var failures = new List<Exception>();
            foreach (var step in steps)
            {
                try
                {
                    step();
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            }

            if (failures.Count > 0)
            {
                throw new AggregateException($"cleaning up the namespace lab {Suffix} failed", failures);
            }
        }
    }

    private void StopSambaLocked()
    {
        if (_samba is null)
        {
            return;
        }

        try
        {
            _samba.Stop();
        }
        finally
        {
            _samba.Dispose();
            _samba = null;
        }
    }

    private T Track<T>(T started)
        where T : IDisposable
    {
        lock (_lock)
        {
            _started.Add(started);
        }

        return started;
    }

    private static string NewSuffix()
    {
        var existing = NetnsCommand.List();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
            if (!existing.Any(ns => ns.StartsWith(LabNetwork.Prefix + suffix + "-", StringComparison.Ordinal)) && !System.IO.Directory.Exists(LabJanitor.DirectoryFor(suffix)))
            {
                return suffix;
            }
        }

        throw new InvalidOperationException("no free lab suffix after 20 tries");
    }

    /// <summary>Network namespaces, bridges and ports 137-139 need root: fail (never skip) with a clear message otherwise.</summary>
    private static void RequireRoot()
    {
        var uid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries);
        if (uid is null || uid.Length < 3 || uid[2] != "0")
        {
            throw new InvalidOperationException("the namespace interop tests must run as root (they create network namespaces, a bridge and veths, and bind ports 135-139): run ./test.sh as root");
        }
    }
}
