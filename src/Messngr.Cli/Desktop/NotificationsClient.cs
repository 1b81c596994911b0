using Tmds.DBus.Protocol;

namespace Messngr.Cli.Desktop;

/// <summary>
/// A client of org.freedesktop.Notifications on a session bus (freedesktop Desktop
/// Notifications Specification 1.2, "D-BUS Protocol"): GetCapabilities, Notify,
/// CloseNotification and the ActionInvoked / NotificationClosed / NotificationReplied signals,
/// over Tmds.DBus.Protocol (no home-made wire protocol). Signals are accepted only from the unique
/// name that owned org.freedesktop.Notifications when this client connected — another client on
/// the bus cannot fake "mark-read" by emitting an ActionInvoked of its own.
/// </summary>
internal sealed class NotificationsClient : IDisposable
{
    public const string ServiceName = "org.freedesktop.Notifications";
    public const string ObjectPath = "/org/freedesktop/Notifications";
    public const string InterfaceName = "org.freedesktop.Notifications";

    private readonly DBusConnection _connection;
    private readonly List<IDisposable> _watches = [];

    // Every await on the connection below forces its continuation off the connection's receive
    // loop (ConfigureAwaitOptions.ForceYielding): code that goes on to dispose the connection from
    // that loop would wait for itself.

    private NotificationsClient(DBusConnection connection, string owner, IReadOnlyList<string> capabilities)
    {
        _connection = connection;
        Owner = owner;
        Capabilities = capabilities;
    }

    /// <summary>The unique bus name (":1.42") of the notification server signals are accepted from.</summary>
    public string Owner { get; }

    /// <summary>The server's GetCapabilities answer ("actions", "body", "body-markup", "inline-reply", …).</summary>
    public IReadOnlyList<string> Capabilities { get; }

    public bool HasBodyMarkup => Capabilities.Contains("body-markup");

    public bool HasActions => Capabilities.Contains("actions");

    public bool HasInlineReply => Capabilities.Contains("inline-reply");

    /// <summary>
    /// Connects to the bus at <paramref name="address"/> (a D-Bus address such as
    /// $DBUS_SESSION_BUS_ADDRESS), finds the owner of org.freedesktop.Notifications, asks its
    /// capabilities and subscribes to its signals, each handed to <paramref name="onSignal"/>.
    /// </summary>
    /// <exception cref="NotificationsUnavailableException">No bus, or no notification service on it.</exception>
    public static async Task<NotificationsClient> ConnectAsync(string? address, Action<NotificationSignal> onSignal)
    {
        ArgumentNullException.ThrowIfNull(onSignal);
        if (string.IsNullOrEmpty(address))
        {
            throw new NotificationsUnavailableException("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
        }

        var connection = new DBusConnection(address);
        try
        {
            try
            {
                await connection.ConnectAsync().AsTask().ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }
            catch (Exception e) when (e is DBusConnectionException or IOException or System.Net.Sockets.SocketException or ArgumentException or NotSupportedException)
            {
                throw new NotificationsUnavailableException($"cannot connect to the session bus: {e.Message}", e);
            }


            var owner = await GetOwnerAsync(connection).ConfigureAwait(false);
            var client = new NotificationsClient(connection, owner, await GetCapabilitiesAsync(connection).ConfigureAwait(false));
            await client.WatchAsync("ActionInvoked", static (m, _) => ReadAction(m), onSignal).ConfigureAwait(false);
            await client.WatchAsync("NotificationClosed", static (m, _) => ReadClosed(m), onSignal).ConfigureAwait(false);
            await client.WatchAsync("NotificationReplied", static (m, _) => ReadReplied(m), onSignal).ConfigureAwait(false);
            return client;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Notify: shows (or, with <see cref="NotificationRequest.ReplacesId"/>, replaces) a notification; returns its id.</summary>
    public async Task<uint> NotifyAsync(NotificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await _connection.CallMethodAsync(CreateNotify(request), static (m, _) => m.GetBodyReader().ReadUInt32(), null).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
    }

    /// <summary>CloseNotification: the spec says an id that is already gone gets an empty reply.</summary>
    public async Task CloseAsync(uint id)
    {
        await _connection.CallMethodAsync(CreateClose(id)).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
    }

    /// <summary>Completes when the bus connection is lost (the session ended, the bus stopped).</summary>
    public Task<Exception?> DisconnectedAsync() => _connection.DisconnectedAsync();

    public void Dispose()
    {
        foreach (var watch in _watches)
        {
            watch.Dispose();
        }

        _connection.Dispose();
    }

    private MessageBuffer CreateClose(uint id)
    {
        using var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: ServiceName, path: ObjectPath, @interface: InterfaceName, signature: "u", member: "CloseNotification");
        writer.WriteUInt32(id);
        return writer.CreateMessage();
    }

    private MessageBuffer CreateNotify(NotificationRequest request)
    {
        using var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: ServiceName, path: ObjectPath, @interface: InterfaceName, signature: "susssasa{sv}i", member: "Notify");
        writer.WriteString(NotificationRequest.AppName);
        writer.WriteUInt32(request.ReplacesId);
        writer.WriteString(request.AppIcon);
        writer.WriteString(request.Summary);
        writer.WriteString(request.Body);
        var actions = new List<string>(request.Actions.Count * 2);
        foreach (var (key, label) in request.Actions)
        {
            actions.Add(key);
            actions.Add(label);
        }

        writer.WriteArray(actions.ToArray());
        writer.WriteDictionary(new Dictionary<string, VariantValue>
        {
            ["urgency"] = VariantValue.Byte((byte)request.Urgency),
            ["category"] = VariantValue.String(request.Category),
            ["desktop-entry"] = VariantValue.String("messngr-agent"),
        });
        writer.WriteInt32(request.ExpireTimeout);
        return writer.CreateMessage();
    }

    private static async Task<string> GetOwnerAsync(DBusConnection connection)
    {
        MessageBuffer CreateMessage()
        {
            using var writer = connection.GetMessageWriter();
            writer.WriteMethodCallHeader(destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", @interface: "org.freedesktop.DBus", signature: "s", member: "GetNameOwner");
            writer.WriteString(ServiceName);
            return writer.CreateMessage();
        }

        try
        {
            return await connection.CallMethodAsync(CreateMessage(), static (m, _) => m.GetBodyReader().ReadString(), null).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
        catch (DBusErrorReplyException e) when (e.ErrorName == "org.freedesktop.DBus.Error.NameHasNoOwner")
        {
            throw new NotificationsUnavailableException($"no notification service on the session bus (nobody owns {ServiceName})", e);
        }
    }

    private static async Task<IReadOnlyList<string>> GetCapabilitiesAsync(DBusConnection connection)
    {
        MessageBuffer CreateMessage()
        {
            using var writer = connection.GetMessageWriter();
            writer.WriteMethodCallHeader(destination: ServiceName, path: ObjectPath, @interface: InterfaceName, member: "GetCapabilities");
            return writer.CreateMessage();
        }

        return await connection.CallMethodAsync(CreateMessage(), static (m, _) => m.GetBodyReader().ReadArrayOfString(), null).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
    }

    private async Task WatchAsync(string member, MessageValueReader<NotificationSignal> reader, Action<NotificationSignal> onSignal)
    {
        // Sender = the owner's unique name: the bus delivers, and this client accepts, only the
        // notification server's own signals (the D-Bus specification, "Match Rules": sender).
        var rule = new MatchRule { Type = MessageType.Signal, Sender = Owner, Path = ObjectPath, Interface = InterfaceName, Member = member };
        var owner = Owner;
        var watch = await _connection.AddMatchAsync<NotificationSignal?>(
            rule,
            // and again here: a signal is believed only when the bus stamped the owner as its sender
            (message, state) => message.SenderAsString == owner ? reader(message, state) : null,
            notification =>
            {
                if (notification.HasValue && notification.Value is { } signal)
                {
                    onSignal(signal);
                }
            },
            emitOnCapturedContext: false,
            ObserverFlags.None).AsTask().ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        _watches.Add(watch);
    }

    private static NotificationSignal ReadAction(Message message)
    {
        var reader = message.GetBodyReader();
        return new NotificationSignal(NotificationSignalKind.ActionInvoked, reader.ReadUInt32(), ActionKey: reader.ReadString());
    }

    private static NotificationSignal ReadClosed(Message message)
    {
        var reader = message.GetBodyReader();
        var id = reader.ReadUInt32();
        var reason = reader.ReadUInt32();
        return new NotificationSignal(NotificationSignalKind.Closed, id, Reason: Enum.IsDefined((NotificationCloseReason)reason) ? (NotificationCloseReason)reason : NotificationCloseReason.Undefined);
    }

    private static NotificationSignal ReadReplied(Message message)
    {
        var reader = message.GetBodyReader();
        return new NotificationSignal(NotificationSignalKind.Replied, reader.ReadUInt32(), ReplyText: reader.ReadString());
    }
}
