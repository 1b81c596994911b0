using System.Text.RegularExpressions;

namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// Samba's nmbd and smbd (in the foreground, each in its own session) in one lab host with a generated
/// smb.conf (<see cref="SambaConfig"/>): a real third-party NetBIOS node that registers and defends
/// its names and receives WinPopup messages through its <c>message command</c>.
/// </summary>
public sealed partial class SambaServer : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private readonly NetnsProcess _nmbd;
    private readonly NetnsProcess _smbd;

    private SambaServer(LabHost host, string directory, string configPath, IReadOnlyList<string> extraGlobal, NetnsProcess nmbd, NetnsProcess smbd)
    {
        Host = host;
        Directory = directory;
        ConfigPath = configPath;
        ExtraGlobal = extraGlobal;
        _nmbd = nmbd;
        _smbd = smbd;
    }

    public LabHost Host { get; }

    /// <summary>Where its smb.conf, state, logs and messages.log live.</summary>
    public string Directory { get; }

    public string ConfigPath { get; }

    /// <summary>The extra <c>[global]</c> lines it was started with.</summary>
    public IReadOnlyList<string> ExtraGlobal { get; }

    public string MessagesLogPath => Path.Combine(Directory, "messages.log");

    /// <summary>nmbd's log file (log level 2: registrations, conflicts, elections).</summary>
    public string NmbdLog => ReadShared(Path.Combine(Directory, "log", "nmbd.log"));

    public string SmbdLog => ReadShared(Path.Combine(Directory, "log", "smbd.log"));

    public bool IsRunning => !_nmbd.HasExited && !_smbd.HasExited;

    [GeneratedRegex(@"(?<text>.*?)f=(?<from>[A-Za-z0-9_]*) L=(?<to>[A-Za-z0-9_]*)\n", RegexOptions.Singleline)]
    private static partial Regex MessageRecord();

    /// <summary>
    /// Messages smbd handed to the message command so far: text, <c>%f</c> (originator, squashed to
    /// [A-Za-z0-9_]) and <c>%L</c> (called name, lower case) — protocols.md §6.7.
    /// </summary>
    public IReadOnlyList<SambaMessage> Messages =>
        MessageRecord().Matches(ReadShared(MessagesLogPath))
            .Select(m => new SambaMessage(m.Groups["text"].Value.TrimEnd('\n'), m.Groups["from"].Value, m.Groups["to"].Value))
            .ToList();

    /// <summary>
    /// Writes the config, starts nmbd and smbd in <paramref name="host"/> and waits (bounded) until
    /// smbd listens on 139 and nmbd answers a unicast query for its own name from <paramref name="prober"/>.
    /// </summary>
    internal static SambaServer Start(LabHost host, LabHost prober, string workgroup, string directory, IReadOnlyList<string> extraGlobal)
    {
        SambaConfig.CreateDirectories(directory);
        var messages = Path.Combine(directory, "messages.log");
        var config = Path.Combine(directory, "smb.conf");
        File.WriteAllText(config, SambaConfig.Server(host, workgroup, directory, messages, extraGlobal));
        File.WriteAllText(messages, string.Empty);
        NetnsCommand.Chmod(messages, (UnixFileMode)0x1B6); // rw for the guest user that appends

        // No --no-process-group: smbd SIGTERMs its whole process group when it goes down, and
        // without its own group that group is the test host's (observed: the test host died).
        // smbd writes each message to $TMPDIR/msg.XXXXXX as the guest user (protocols.md §6.7).
        var environment = new Dictionary<string, string> { ["TMPDIR"] = Path.Combine(directory, "tmp") };
        var nmbd = NetnsProcess.Start(host, ["nmbd", "--foreground", "-s", config], environment);
        var smbd = NetnsProcess.Start(host, ["smbd", "--foreground", "-s", config], environment);
        var samba = new SambaServer(host, directory, config, extraGlobal, nmbd, smbd);
        try
        {
            samba.WaitReady(prober, workgroup);
        }
        catch
        {
            samba.Dispose();
            throw;
        }

        return samba;
    }

    /// <summary>Waits for a message whose text contains <paramref name="text"/> (10 s unless told).</summary>
    public SambaMessage WaitForMessage(string text, TimeSpan? timeout = null)
    {
        SambaMessage? found = null;
        var wait = timeout ?? TimeSpan.FromSeconds(10);
        if (_smbd.WaitUntil(() => (found = Messages.FirstOrDefault(m => m.Text.Contains(text, StringComparison.Ordinal))) is not null, wait))
        {
            return found!;
        }

        throw new TimeoutException($"no message with '{text}' in Samba's messages.log within {wait.TotalSeconds:0.#} s.\n{Describe()}");
    }

    /// <summary>Waits until nmbd's log holds <paramref name="text"/> (e.g. a conflict it noticed); returns the log.</summary>
    public string WaitForNmbdLog(string text, TimeSpan? timeout = null)
    {
        var log = string.Empty;
        var wait = timeout ?? TimeSpan.FromSeconds(10);
        if (_nmbd.WaitUntil(() => (log = NmbdLog + _nmbd.Output).Contains(text, StringComparison.Ordinal), wait))
        {
            return log;
        }

        throw new TimeoutException($"'{text}' not in nmbd's log within {wait.TotalSeconds:0.#} s.\n{Describe()}");
    }

    /// <summary>Stops smbd and nmbd with SIGTERM (bounded; nmbd releases its names on the way out).</summary>
    public void Stop()
    {
        _smbd.Stop();
        _nmbd.Stop();
    }

    public string Describe() =>
        $"{_nmbd.Describe()}\n--- nmbd.log ---\n{Tail(NmbdLog)}\n{_smbd.Describe()}\n--- smbd.log ---\n{Tail(SmbdLog)}\n--- messages.log ---\n{ReadShared(MessagesLogPath)}";

    public void Dispose()
    {
        _smbd.Dispose();
        _nmbd.Dispose();
    }

    /// <summary>
    /// Ready when smbd listens on 139 and nmbd answers broadcast queries for its own name and for the
    /// workgroup. nmbd answers unicast queries at once, but broadcast ones only for names it has
    /// finished registering (B-node: broadcast registration requests first, protocols.md §2.5) —
    /// observed about 4 s after start.
    /// </summary>
    private void WaitReady(LabHost prober, string workgroup)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsRunning)
            {
                throw new InvalidOperationException($"Samba exited while starting.\n{Describe()}");
            }

            if (Listening() && Answers(prober, Host.Name, "<00>") && Answers(prober, workgroup, "<00>"))
            {
                return;
            }

            Thread.Sleep(250);
        }

        throw new TimeoutException($"Samba in {Host} (workgroup {workgroup}) was not ready within {ReadyTimeout.TotalSeconds} s.\n{Describe()}");
    }

    private bool Listening() =>
        NetnsCommand.Exec(Host.Namespace, ["ss", "-Hltn", "sport = :139"], timeoutMs: 5_000).Output.Contains(":139", StringComparison.Ordinal);

    private bool Answers(LabHost prober, string name, string suffix) =>
        NetnsCommand.Exec(prober.Namespace, ["nmblookup", "-B", Host.Broadcast, name], timeoutMs: 10_000).Output
            .Contains($"{Host.Address} {name}{suffix}", StringComparison.Ordinal);

    private static string Tail(string text) => text.Length > 4000 ? "…" + text[^4000..] : text;

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
