using Tmds.DBus.Protocol;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>One Notify call exactly as it arrived on the bus.</summary>
internal sealed record RecordedNotify(
    string AppName,
    uint ReplacesId,
    string AppIcon,
    string Summary,
    string Body,
    string[] Actions,
    Dictionary<string, VariantValue> Hints,
    int ExpireTimeout,
    uint AnsweredId);
