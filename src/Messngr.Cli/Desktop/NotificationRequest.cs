namespace Messngr.Cli.Desktop;

/// <summary>
/// The arguments of one org.freedesktop.Notifications.Notify call (spec, "Notify":
/// <c>UINT32 Notify(STRING app_name, UINT32 replaces_id, STRING app_icon, STRING summary,
/// STRING body, as actions, a{sv} hints, INT32 expire_timeout)</c>). <see cref="Actions"/> are
/// (key, label) pairs, sent flattened; the key "default" is the action of a click on the bubble.
/// <see cref="Summary"/> and <see cref="Body"/> are sent as given: <see cref="NotificationText"/>
/// makes untrusted text inert first.
/// </summary>
internal sealed record NotificationRequest(
    string Summary,
    string Body,
    NotificationUrgency Urgency,
    IReadOnlyList<(string Key, string Label)> Actions,
    int ExpireTimeout,
    uint ReplacesId = 0,
    string AppIcon = "mail-message-new",
    string Category = "im.received")
{
    /// <summary>The spec's "expire_timeout": -1 = the server's default, 0 = never expires.</summary>
    public const int ServerDefaultTimeout = -1;

    /// <summary>The spec's "expire_timeout" for a notification that stays until the user acts on it.</summary>
    public const int NeverExpires = 0;

    /// <summary>The spec's app_name for every messngr notification.</summary>
    public const string AppName = "messngr";
}
