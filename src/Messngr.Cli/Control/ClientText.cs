using System.Globalization;
using System.Text;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Display;

namespace Messngr.Cli.Control;

/// <summary>
/// Human output of the client commands. Everything that came from the network or from other users
/// (sender, recipient, text, names, details) goes through <see cref="TerminalText.Sanitize"/>
/// whatever stdout is: escape sequences and control characters never reach a terminal, a pager
/// or a log that someone later <c>cat</c>s.
/// </summary>
internal static class ClientText
{
    private static readonly string[] NameHeader = ["Name", "Type", "State", "Owner"];

    /// <summary>
    /// <c>From alice to HOSTB at 2026-01-02 10:11:12, via smb from 10.0.0.2 (unverified)</c>, then
    /// the text; classic transports carry no identity, so their sender is a claim (architecture.md).
    /// A sealed message not opened (history and listen give its <c>text</c> as null) shows as an
    /// envelope: <see cref="SealedLine"/> instead of the text (issue #13, item 6).
    /// </summary>
    public static string Message(MessageDto message)
    {
        var from = Line(message.From);
        var to = Line(message.To);
        var when = message.ReceivedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var verified = message.SenderNode is { } node
            ? $"verified: node {Line(node)}, user {Line(message.SenderUser ?? "?")}"
            : message.Verified || message.Authenticated ? "verified" : "unverified";
        var priority = message.Priority == "normal" ? "" : $", priority {Line(message.Priority)}";
        var replaced = message.SupersededBy is null ? "" : ", replaced by a later message";
        var text = message.Text is { } body ? TerminalText.Sanitize(body).TrimEnd('\n') : SealedLine(message.Id);
        return $"From {from} to {to} at {when}, via {Line(message.Transport)} from {Line(message.SourceAddress)} ({verified}){priority}{replaced}\n{text}\n";
    }

    /// <summary>The envelope of a sealed message (as the terminal sink writes it): how to open it.</summary>
    public static string SealedLine(string messageId) => $"sealed message: open it with 'messngr read {Line(messageId)}'";

    /// <summary>The <c>net name</c>-like table: Name, Type, State, Owner (and a detail such as who holds a conflicting name).</summary>
    public static string NameTable(IReadOnlyList<NameDto> names, UserNames users, string indent = "")
    {
        var rows = new List<string[]> { NameHeader };
        foreach (var name in names)
        {
            var type = name.Type == "group" && name.Kind != "workgroup" ? $"{name.Kind} group" : name.Kind;
            var state = name.Detail is { Length: > 0 } detail ? $"{name.State} ({detail})" : name.State;
            rows.Add([$"{name.Name}<{name.Suffix:X2}>", type, state, users.Describe(name.OwnerUid)]);
        }

        return Table(rows, indent, underline: true);
    }

    public static string Status(StatusDto status, UserNames users, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        var since = status.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        sb.Append(CultureInfo.InvariantCulture, $"messngr {Line(status.NetBiosName)} in workgroup {Line(status.Workgroup)}, running since {since} ({Uptime(now - status.StartedAt)}) as user {Line(status.RunningAs)}\n\n");
        if (status.StateDirectory is { } stateDirectory)
        {
            sb.Append(CultureInfo.InvariantCulture, $"State directory {Line(stateDirectory)}\n\n");
        }

        if (status.NodeId is { } nodeId)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Node id {Line(nodeId)}\n\n");
        }

        sb.Append("Names\n").Append(NameTable(status.Names, users, "  ")).Append('\n');

        var listeners = new List<string[]>();
        foreach (var l in status.Listeners)
        {
            listeners.Add([l.Name, l.Protocol, l.EndPoint, ListenerState(l)]);
        }

        sb.Append(status.StoreState == "ok"
            ? "Store\n  ok\n\n"
            : $"Store\n  FAILING since {status.StoreFailingSince?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?"}: {Line(status.StoreDetail ?? "unknown reason")}\n  (messages are refused until it can commit again)\n\n");
        sb.Append("Listeners\n").Append(listeners.Count == 0 ? "  (none)\n" : Table(listeners, "  ", underline: false)).Append('\n');

        var counters = status.Counters.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new[] { c.Key, c.Value.ToString(CultureInfo.InvariantCulture) })
            .ToList();
        sb.Append("Counters\n").Append(counters.Count == 0 ? "  (none)\n" : Table(counters, "  ", underline: false));
        return sb.ToString();
    }

    /// <summary>The State column of a listener: <c>bound</c>, <c>in use by another process (nmbd (pid 42))</c>, or why it is not running.</summary>
    public static string ListenerState(ListenerDto listener) => listener.State switch
    {
        _ when listener.Bound => "bound",
        "in use" => listener.Owner is { } owner ? $"in use by another process ({owner})" : "in use by another process",
        _ => $"not running: {listener.Error ?? "unknown reason"}",
    };

    public static string Uptime(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{span.Hours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s"
            : $"{span.Seconds}s";
    }

    /// <summary>Untrusted text on one line.</summary>
    public static string Line(string text) => TerminalText.Sanitize(text, keepNewlines: false);

    private static string Table(List<string[]> rows, string indent, bool underline)
    {
        var cleaned = rows.Select(r => r.Select(Line).ToArray()).ToList();
        var columns = cleaned.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in cleaned)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var sb = new StringBuilder();
        for (var r = 0; r < cleaned.Count; r++)
        {
            var row = cleaned[r];
            sb.Append(indent);
            for (var i = 0; i < row.Length; i++)
            {
                sb.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            sb.Append('\n');
            if (underline && r == 0)
            {
                sb.Append(indent).Append('-', widths.Sum() + (2 * (columns - 1))).Append('\n');
            }
        }

        return sb.ToString();
    }
}
