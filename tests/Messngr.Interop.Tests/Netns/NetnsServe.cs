namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// The real <c>messngr serve</c> (the built messngr.dll) inside a lab namespace on the classic
/// ports 137/138/139/135, bound to all addresses so that it hears the subnet's broadcasts.
/// Standard output carries the messages (<see cref="ServeMessage"/>), standard error the log.
/// </summary>
public sealed class NetnsServe : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly NetnsProcess _process;

    private NetnsServe(NetnsProcess process, LabHost host, string stateDirectory, IReadOnlyList<string> arguments)
    {
        _process = process;
        Host = host;
        StateDirectory = stateDirectory;
        Arguments = arguments;
    }

    public LabHost Host { get; }

    /// <summary>The <c>--state-dir</c> it runs with (kept by the lab across restarts on the same host).</summary>
    public string StateDirectory { get; }

    /// <summary>The arguments after <c>serve</c>.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public bool HasExited => _process.HasExited;

    public int Pid => _process.Pid;

    /// <summary>Standard output: the messages.</summary>
    public string Output => _process.Output;

    /// <summary>Standard error: the log.</summary>
    public string Log => _process.Error;

    /// <summary>Every message printed so far.</summary>
    public IReadOnlyList<ServeMessage> Messages => ServeMessage.Parse(_process.Output.Split('\n'));

    /// <summary>
    /// Starts <c>dotnet messngr.dll serve ARGS</c> in <paramref name="host"/> and waits until the RPC
    /// listener (the last one started) reports; throws with the log when a listener failed to bind.
    /// Adds <c>--state-dir</c> and <c>--config /dev/null</c> unless <paramref name="arguments"/> has them.
    /// A <paramref name="prefix"/> command runs first and must exec the rest of its arguments (the
    /// daemon's command line), e.g. to prepare the private mount namespace <c>ip netns exec</c> gives it.
    /// </summary>
    internal static NetnsServe Start(LabHost host, string defaultStateDirectory, IReadOnlyList<string> arguments, IReadOnlyList<string>? prefix = null)
    {
        var args = new List<string>(arguments);
        if (!args.Contains("--state-dir"))
        {
            args.AddRange(["--state-dir", defaultStateDirectory]);
        }

        if (!args.Contains("--config"))
        {
            args.AddRange(["--config", "/dev/null"]);
        }

        if (!args.Contains("--web-listen"))
        {
            args.AddRange(["--web-listen", "off"]); // two daemons in one namespace must not race for 127.0.0.1:2427 (issue #14)
        }

        if (!args.Contains("--api-listen"))
        {
            args.AddRange(["--api-listen", "off"]); // nor for the HTTP API's 127.0.0.1:2428 (issue #15, item 1)
        }

        if (!args.Contains("--metrics-listen"))
        {
            args.AddRange(["--metrics-listen", "off"]); // nor for 127.0.0.1:2429 (issue #15, item 6)
        }

        var stateDirectory = args[args.IndexOf("--state-dir") + 1];
        Directory.CreateDirectory(stateDirectory);
        var process = NetnsProcess.Start(host, [.. prefix ?? [], "dotnet", Path.Combine(AppContext.BaseDirectory, "messngr.dll"), "serve", .. args]);
        var serve = new NetnsServe(process, host, stateDirectory, args);
        try
        {
            if (!process.WaitUntil(() => serve.Log.Contains("rpc listening on", StringComparison.Ordinal) || serve.Log.Contains("rpc is not running", StringComparison.Ordinal), StartTimeout))
            {
                throw new TimeoutException($"messngr serve did not start within {StartTimeout.TotalSeconds} s.\n{process.Describe()}");
            }

            if (serve.Log.Contains(" is not running: ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"a listener of messngr serve could not start.\n{process.Describe()}");
            }

            // A name being registered does not exist yet (protocols.md §2.6): wait for COMPUTER<03>.
            var computer = args.IndexOf("--netbios-name") is var i and >= 0 ? args[i + 1].ToUpperInvariant() : null;
            if (computer is not null && !process.WaitUntil(() => serve.NameSettled(computer), StartTimeout))
            {
                throw new TimeoutException($"messngr serve did not register {computer}<03> within {StartTimeout.TotalSeconds} s.\n{process.Describe()}");
            }
        }
        catch
        {
            serve.Dispose();
            throw;
        }

        return serve;
    }

    private bool NameSettled(string computer) =>
        Log.Contains($"registered {computer}<03>", StringComparison.Ordinal)
        || Log.Contains($"name {computer}<03> is in conflict", StringComparison.Ordinal)
        || Log.Contains("name service not running", StringComparison.Ordinal);

    /// <summary>Waits for a message whose text contains <paramref name="text"/> (10 s unless told).</summary>
    public ServeMessage WaitForMessage(string text, TimeSpan? timeout = null)
    {
        ServeMessage? found = null;
        var wait = timeout ?? TimeSpan.FromSeconds(10);
        if (_process.WaitUntil(() => (found = Messages.FirstOrDefault(m => m.Text.Contains(text, StringComparison.Ordinal))) is not null, wait))
        {
            return found!;
        }

        throw new TimeoutException($"no message with '{text}' from messngr serve in {Host.Name} within {wait.TotalSeconds:0.#} s.\n{_process.Describe()}");
    }

    /// <summary>Asserts that no message holding <paramref name="text"/> arrives within <paramref name="quiet"/>.</summary>
    public void AssertNoMessage(string text, TimeSpan quiet)
    {
        Thread.Sleep(quiet);
        Assert.DoesNotContain(Messages, m => m.Text.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>Waits until the log holds <paramref name="text"/>; returns the whole log.</summary>
    public string WaitForLog(string text, TimeSpan? timeout = null) => _process.WaitForError(text, timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>SIGTERM, then a bounded wait for a clean exit (SIGKILL after 15 s). Returns the exit code.</summary>
    public int Stop() => _process.Stop("TERM");

    /// <summary>SIGKILL (<c>kill -9</c>: no shutdown, no GOODBYE, nothing flushed) and waits for the exit. Returns the exit code.</summary>
    public int Kill() => _process.Stop("KILL");

    /// <summary>Both streams, for assertion messages.</summary>
    public string Describe() => _process.Describe();

    public void Dispose() => _process.Dispose();
}
