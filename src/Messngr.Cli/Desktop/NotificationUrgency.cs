namespace Messngr.Cli.Desktop;

/// <summary>The spec's "urgency" hint (a BYTE): "Urgency Levels" — 0 low, 1 normal, 2 critical.</summary>
internal enum NotificationUrgency : byte
{
    Low = 0,
    Normal = 1,
    Critical = 2,
}
