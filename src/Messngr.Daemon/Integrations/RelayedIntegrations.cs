namespace Messngr.Daemon.Integrations;

/// <summary>
/// The integrations <c>messngr-send --NAME ARGS</c> relays (issue #15, item 8;
/// docs/integrations.md). cups-notifier and unit-failed are not among them: one reads IPP events
/// for as long as cupsd keeps it, the other runs journalctl as its caller.
/// </summary>
internal static class RelayedIntegrations
{
    /// <summary>NUT upsmon's NOTIFYCMD: MESSAGE; NOTIFYTYPE and UPSNAME (upsmon.conf(5)).</summary>
    public static readonly RelayedIntegration UpsmonNotify = new(
        "upsmon-notify", 1, ["NOTIFYTYPE", "UPSNAME"], (args, environment) => UpsNotification.Alert(args[0], environment));

    /// <summary>ClamAV's VirusEvent: no arguments; CLAM_VIRUSEVENT_FILENAME and CLAM_VIRUSEVENT_VIRUSNAME (clamd.conf(5)).</summary>
    public static readonly RelayedIntegration ClamavEvent = new(
        "clamav-event", 0, ["CLAM_VIRUSEVENT_FILENAME", "CLAM_VIRUSEVENT_VIRUSNAME"], (_, environment) => ClamavVirusEvent.Alert(environment));

    /// <summary>A Zabbix or Nagios media script: TO SUBJECT MESSAGE; no environment.</summary>
    public static readonly RelayedIntegration MediaScript = new(
        "media-script", 3, [], (args, _) => MediaScriptAlert.From(args[0], args[1], args[2]));

    public static IReadOnlyList<RelayedIntegration> All { get; } = [UpsmonNotify, ClamavEvent, MediaScript];

    /// <summary>The integration called <paramref name="name"/> (exactly), or null.</summary>
    public static RelayedIntegration? Find(string name) => All.FirstOrDefault(i => i.Name == name);
}
