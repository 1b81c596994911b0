namespace Messngr.Daemon.Integrations;

/// <summary>
/// A Zabbix media type script's or Nagios notification command's TO SUBJECT MESSAGE (issue #15,
/// item 4): the alert is SUBJECT, a new line, then MESSAGE (made inert), at the subject's
/// priority and key (<see cref="MonitoringSubject"/>), to TO (empty: the alert names).
/// </summary>
internal static class MediaScriptAlert
{
    public static IntegrationAlert From(string to, string subject, string message)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(message);
        var (priority, key) = MonitoringSubject.Read(subject);
        var text = Display.TerminalText.Sanitize(subject, keepNewlines: false).Trim();
        var body = Display.TerminalText.Sanitize(message, keepNewlines: true).Trim();
        if (body.Length > 0)
        {
            text += "\n" + body;
        }

        return new IntegrationAlert(text, priority, key, to.Trim().Length == 0 ? null : to.Trim());
    }
}
