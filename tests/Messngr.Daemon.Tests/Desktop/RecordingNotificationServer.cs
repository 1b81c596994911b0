using System.Collections.Concurrent;
using System.Threading.Channels;
using Tmds.DBus.Protocol;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// A notification server for tests, written with Tmds.DBus.Protocol: it owns
/// org.freedesktop.Notifications on a <see cref="PrivateSessionBus"/>, records every Notify and
/// CloseNotification exactly as it arrived (the issue's "a monitor on the bus that records the
/// exact Notify call"), answers like a real server (ids from 1; a replaces_id answered with
/// itself; CloseNotification emits NotificationClosed reason 3) and can emit ActionInvoked.
/// </summary>
internal sealed class RecordingNotificationServer : IPathMethodHandler, IDisposable
{
    private readonly DBusConnection _connection;
    private readonly string[] _capabilities;
    private uint _nextId;

    private RecordingNotificationServer(DBusConnection connection, string[] capabilities)
    {
        _connection = connection;
        _capabilities = capabilities;
    }

    public Channel<RecordedNotify> Notified { get; } = Channel.CreateUnbounded<RecordedNotify>();

    public Channel<uint> Closed { get; } = Channel.CreateUnbounded<uint>();

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>When set, a Notify is recorded and answered only once this completes: a stuck notification server.</summary>
    public Task? NotifyGate { get; set; }

    public string Path => "/org/freedesktop/Notifications";

    public bool HandlesChildPaths => false;

    public static async Task<RecordingNotificationServer> StartAsync(string address, params string[] capabilities)
    {
        var connection = new DBusConnection(address);
        await connection.ConnectAsync();
        var server = new RecordingNotificationServer(connection, capabilities);
        connection.AddMethodHandler(server);
        await connection.RequestNameAsync("org.freedesktop.Notifications", RequestNameOptions.Default);
        return server;
    }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        var request = context.Request;
        Calls.Enqueue(request.MemberAsString ?? string.Empty);
        if (request.InterfaceAsString != "org.freedesktop.Notifications")
        {
            context.ReplyUnknownMethodError();
            return ValueTask.CompletedTask;
        }

        switch (request.MemberAsString)
        {
            case "GetCapabilities":
                {
                    using var writer = context.CreateReplyWriter("as");
                    writer.WriteArray(_capabilities);
                    context.Reply(writer.CreateMessage());
                    break;
                }

            case "Notify":
                {
                    var reader = request.GetBodyReader();
                    var app = reader.ReadString();
                    var replaces = reader.ReadUInt32();
                    var icon = reader.ReadString();
                    var summary = reader.ReadString();
                    var body = reader.ReadString();
                    var actions = reader.ReadArrayOfString();
                    var hints = reader.ReadDictionaryOfStringToVariantValue();
                    var timeout = reader.ReadInt32();
                    var id = replaces != 0 ? replaces : Interlocked.Increment(ref _nextId);
                    Notified.Writer.TryWrite(new RecordedNotify(app, replaces, icon, summary, body, actions, hints, timeout, id));
                    if (NotifyGate is { IsCompleted: false } gate)
                    {
                        return new ValueTask(AnswerLaterAsync(context, gate, id));
                    }

                    using var writer = context.CreateReplyWriter("u");
                    writer.WriteUInt32(id);
                    context.Reply(writer.CreateMessage());
                    break;
                }

            case "CloseNotification":
                {
                    var id = request.GetBodyReader().ReadUInt32();
                    Closed.Writer.TryWrite(id);
                    using (var writer = context.CreateReplyWriter(null))
                    {
                        context.Reply(writer.CreateMessage());
                    }

                    using (var signal = _connection.GetMessageWriter())
                    {
                        signal.WriteSignalHeader(destination: null, path: Path, @interface: "org.freedesktop.Notifications", member: "NotificationClosed", signature: "uu");
                        signal.WriteUInt32(id);
                        signal.WriteUInt32(3);
                        _connection.TrySendMessage(signal.CreateMessage());
                    }

                    break;
                }

            default:
                context.ReplyUnknownMethodError();
                break;
        }

        return ValueTask.CompletedTask;
    }

    private static async Task AnswerLaterAsync(MethodContext context, Task gate, uint id)
    {
        await gate;
        using var writer = context.CreateReplyWriter("u");
        writer.WriteUInt32(id);
        context.Reply(writer.CreateMessage());
    }

    /// <summary>The user clicked an action of notification <paramref name="id"/>.</summary>
    public void InvokeAction(uint id, string key) => EmitActionInvoked(_connection, id, key);

    /// <summary>ActionInvoked sent by any connection (a hostile one too): path and interface as the real server's.</summary>
    public static void EmitActionInvoked(DBusConnection connection, uint id, string key)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteSignalHeader(destination: null, path: "/org/freedesktop/Notifications", @interface: "org.freedesktop.Notifications", member: "ActionInvoked", signature: "us");
        writer.WriteUInt32(id);
        writer.WriteString(key);
        connection.TrySendMessage(writer.CreateMessage());
    }

    /// <summary>The user typed <paramref name="text"/> into the inline reply of notification <paramref name="id"/>.</summary>
    public void Reply(uint id, string text)
    {
        using var writer = _connection.GetMessageWriter();
        writer.WriteSignalHeader(destination: null, path: Path, @interface: "org.freedesktop.Notifications", member: "NotificationReplied", signature: "us");
        writer.WriteUInt32(id);
        writer.WriteString(text);
        _connection.TrySendMessage(writer.CreateMessage());
    }

    public void Dispose() => _connection.Dispose();
}
