using System.Text.Json;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// One messngr node of the native transport (issue #13) in the lab: a <c>messngr serve</c> on
/// <see cref="Host"/> with its own state directory (so its identity, trust list, outbox and
/// history belong to one test), which can be stopped and started again on the same state, and the
/// CLI commands a test asks it (<c>id</c>, <c>trust add</c>, <c>sent</c>, <c>history</c>, <c>read</c>).
/// </summary>
public sealed class NativeNode : IDisposable
{
    private readonly Lab _lab;
    private readonly string[] _arguments;
    private NetnsServe? _serve;

    public NativeNode(Lab lab, LabHost host, string netbiosName, string stateDirectory)
    {
        _lab = lab;
        Host = host;
        Name = netbiosName;
        StateDirectory = stateDirectory;
        _arguments = ["--netbios-name", netbiosName, "--workgroup", Lab.Workgroup, "--interface", host.Address, "--state-dir", stateDirectory];
    }

    public LabHost Host { get; }

    /// <summary>Its NetBIOS (messenger) name: the NAME of <c>NAME@HOST</c>.</summary>
    public string Name { get; }

    public string StateDirectory { get; }

    /// <summary>The running serve (throws when it is stopped).</summary>
    public NetnsServe Serve => _serve ?? throw new InvalidOperationException($"messngr on {Host.Name} is not running");

    /// <summary><c>NAME@ADDRESS</c>, the recipient that reaches this node over the native transport.</summary>
    public string Recipient => $"{Name}@{Host.Address}";

    /// <summary>Every log line of every run of this node, for assertion messages and log checks.</summary>
    public string Logs { get; private set; } = string.Empty;

    /// <summary>Starts <c>messngr serve</c> (the lab ends it at the latest when it is disposed).</summary>
    public NativeNode Start() => Start(null);

    /// <summary>
    /// <see cref="Start()"/> with <paramref name="prefix"/> run first in the namespace (such as
    /// <see cref="Support.LabUtmp.RunPrefix"/>) and <paramref name="extraArguments"/> after the node's own.
    /// </summary>
    public NativeNode Start(IReadOnlyList<string>? prefix, params string[] extraArguments)
    {
        if (_serve is { HasExited: false })
        {
            throw new InvalidOperationException($"messngr on {Host.Name} runs already");
        }

        string[] arguments = [.. _arguments, .. extraArguments];
        _serve = prefix is null ? _lab.StartMessngr(Host, arguments) : _lab.StartMessngrWithPrefix(Host, prefix, arguments);
        return this;
    }

    /// <summary>SIGTERM and a bounded wait; keeps the log in <see cref="Logs"/>. Returns the exit code.</summary>
    public int Stop()
    {
        var serve = Serve;
        var code = serve.Stop();
        Logs += serve.Log + "\n";
        serve.Dispose();
        _serve = null;
        return code;
    }

    /// <summary>The log of every run so far, the current one included.</summary>
    public string AllLogs => Logs + (_serve?.Log ?? string.Empty);

    /// <summary><c>messngr ARGS --state-dir DIR</c> on this node's host.</summary>
    internal Tool.Result Command(params string[] args) => _lab.MessngrCommand(Host, [.. args, "--state-dir", StateDirectory]);

    /// <summary>
    /// <c>messngr send --state-dir DIR OPTIONS RECIPIENT TEXT</c>: send's options come before the
    /// recipient, since every word after it is message text (as for <c>net send</c>).
    /// </summary>
    internal Tool.Result Send(IReadOnlyList<string> options, string recipient, string text) =>
        _lab.MessngrCommand(Host, ["send", "--state-dir", StateDirectory, .. options, recipient, text]);

    /// <summary>Runs a command and parses its JSON output; fails the test with its output when it did not exit 0.</summary>
    public JsonElement Json(params string[] args)
    {
        var result = Command(args);
        Assert.True(result.ExitCode == 0, $"messngr {string.Join(' ', args)} on {Host.Name} exited {result.ExitCode}: {result.Error}{result.Output}");
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.Clone();
    }

    /// <summary>Its node id, from <c>messngr id --json</c>.</summary>
    public string NodeId => Json("id", "--json").GetProperty("nodeId").GetString()!;

    /// <summary><c>messngr trust add ID --name NAME</c> for <paramref name="other"/> (this node must run).</summary>
    public void Trust(NativeNode other)
    {
        var result = Command("trust", "add", other.NodeId, "--name", other.Name);
        Assert.True(result.ExitCode == 0, $"trust add on {Host.Name}: {result.Error}{result.Output}");
    }

    /// <summary><c>messngr sent ID --json</c>: the message's state and receipts.</summary>
    public JsonElement Sent(string messageId) => Json("sent", messageId, "--json");

    /// <summary>The messages in <c>history --json</c> (newest 1,000) whose message id is <paramref name="messageId"/>.</summary>
    public IReadOnlyList<JsonElement> History(string messageId) =>
        [.. Json("history", "--json", "--limit", "1000").EnumerateArray().Where(m => m.GetProperty("id").GetString() == messageId)];

    public void Dispose()
    {
        _serve?.Dispose();
        _serve = null;
    }
}
