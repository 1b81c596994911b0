using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Messngr.Bench.Peers;

namespace Messngr.Bench.Harness;

/// <summary>
/// One bench run's private LAN (<see cref="BenchNetwork"/>): a switch namespace with a bridge, the
/// client namespace the load generators' sockets live in (<see cref="Client"/>, 10.97.0.10), and
/// one namespace per peer under test added on demand (<see cref="AddHost"/>, 10.97.0.21 upwards).
/// Every process started through the lab is ended and every namespace deleted at
/// <see cref="Dispose"/> (also on Ctrl-C and process exit); an abandoned run is removed by the next
/// (<see cref="BenchJanitor"/>). Traffic never leaves the namespaces.
/// </summary>
public sealed class BenchLab : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<IDisposable> _started = [];
    private readonly Dictionary<string, NamespaceThread> _threads = new(StringComparer.Ordinal);
    private int _nextHost = 21;
    private bool _disposed;

    private BenchLab(BenchOptions options)
    {
        Options = options;
        Suffix = options.Suffix;
        Directory = BenchJanitor.DirectoryFor(Suffix);
        Peers = new PeerSet(this);
    }

    public BenchOptions Options { get; }

    public string Suffix { get; }

    /// <summary>The run's directory (/tmp/mbench-SUFFIX): peer state, configs, logs.</summary>
    public string Directory { get; }

    /// <summary>Where the load generators' sockets live.</summary>
    public BenchHost Client { get; private set; } = null!;

    /// <summary>The peers under test, started on first use.</summary>
    public PeerSet Peers { get; }

    /// <summary>Reaps abandoned runs, then builds switch and client. Throws (after cleaning up) when a step fails.</summary>
    public static BenchLab Create(BenchOptions options)
    {
        RequireRoot();
        BenchJanitor.ReapAbandoned();
        var lab = new BenchLab(options);
        try
        {
            System.IO.Directory.CreateDirectory(lab.Directory);
            File.SetUnixFileMode(lab.Directory, (UnixFileMode)0x1ED); // 0755: Samba's guest user reaches its files
            BenchJanitor.Claim(lab.Directory);
            BenchNetwork.CreateSwitch(lab.Suffix);
            lab.Client = BenchNetwork.AddHost(lab.Suffix, "client", $"{BenchNetwork.Subnet}.10", 0);
            // A connection per message leaves one TIME_WAIT per message on the client: give it the
            // whole port range and let new connections reuse those ports (per-namespace sysctls).
            Tool.ExecChecked(lab.Client.Namespace, "sysctl", "-qw", "net.ipv4.ip_local_port_range=1024 65000", "net.ipv4.tcp_tw_reuse=1");
        }
        catch
        {
            lab.Dispose();
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => lab.Dispose();
        return lab;
    }

    /// <summary>Adds a host namespace <c>mbench-SUFFIX-ROLE</c> on the bridge with the next free address.</summary>
    public BenchHost AddHost(string role)
    {
        lock (_lock)
        {
            var n = _nextHost++;
            return BenchNetwork.AddHost(Suffix, role, $"{BenchNetwork.Subnet}.{n.ToString(CultureInfo.InvariantCulture)}", n);
        }
    }

    /// <summary>Runs <paramref name="action"/> on a thread inside <paramref name="host"/>'s network namespace.</summary>
    public T InNamespace<T>(BenchHost host, Func<T> action)
    {
        NamespaceThread thread;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_threads.TryGetValue(host.Namespace, out thread!))
            {
                thread = new NamespaceThread(host.Namespace);
                _threads[host.Namespace] = thread;
            }
        }

        return thread.Invoke(action);
    }

    /// <summary>A new socket that lives in <paramref name="host"/>'s namespace (usable from any thread).</summary>
    public Socket CreateSocket(BenchHost host, SocketType type, ProtocolType protocol) =>
        InNamespace(host, () => new Socket(AddressFamily.InterNetwork, type, protocol));

    /// <summary>A UDP socket in <paramref name="host"/> bound to an ephemeral port, with large buffers.</summary>
    public Socket CreateUdpSocket(BenchHost host)
    {
        var socket = CreateSocket(host, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 4 << 20;
        socket.SendBufferSize = 4 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        return socket;
    }

    /// <summary>Starts a long-running process in <paramref name="host"/>; ended at the latest at <see cref="Dispose"/>.</summary>
    public BenchProcess Start(BenchHost host, IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null, string? stdoutFile = null)
    {
        var process = BenchProcess.Start(host, command, environment, stdoutFile);
        lock (_lock)
        {
            _started.Add(process);
        }

        return process;
    }

    /// <summary>Runs a short command in <paramref name="host"/> and waits for it.</summary>
    public static ToolResult Exec(BenchHost host, params string[] command) => Tool.Exec(host.Namespace, command);

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        var steps = new List<Action> { Peers.Dispose };
        steps.AddRange(_started.Select(s => (Action)s.Dispose));
        steps.AddRange(_threads.Values.Select(t => (Action)t.Dispose));
        steps.Add(() => BenchNetwork.Destroy(Suffix));
        steps.Add(() => System.IO.Directory.Delete(Directory, recursive: true));
        foreach (var step in steps)
        {
            try
            {
                step();
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"bench: cleanup step failed: {ex.Message}");
            }
        }
    }

    private static void RequireRoot()
    {
        var uid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries);
        if (uid is null || uid.Length < 3 || uid[2] != "0")
        {
            throw new InvalidOperationException("the bench must run as root (it creates network namespaces, a bridge and veths, and binds ports 135-139)");
        }
    }
}
