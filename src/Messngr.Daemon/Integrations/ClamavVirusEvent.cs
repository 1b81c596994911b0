namespace Messngr.Daemon.Integrations;

/// <summary>
/// ClamAV clamd's VirusEvent (clamd.conf(5)): the file and virus names come ONLY from the
/// environment, CLAM_VIRUSEVENT_FILENAME and CLAM_VIRUSEVENT_VIRUSNAME. The file name is chosen
/// by whoever wrote the file, so it is never put in a shell (clamd disabled '%f' for that
/// reason) and arrives as inert text: control characters and escapes made visible, one line.
/// </summary>
internal static class ClamavVirusEvent
{
    /// <summary>The longest file name shown; PATH_MAX is 4096.</summary>
    public const int MaxFileNameCharacters = 4096;

    public static IntegrationAlert Alert(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.TryGetValue("CLAM_VIRUSEVENT_VIRUSNAME", out var virus) || virus.Length == 0)
        {
            throw new IntegrationInputException("clamav-event: CLAM_VIRUSEVENT_VIRUSNAME is not set: clamd's VirusEvent sets it (clamd.conf(5))");
        }

        var file = environment.GetValueOrDefault("CLAM_VIRUSEVENT_FILENAME") ?? string.Empty;
        if (file.Length > MaxFileNameCharacters)
        {
            file = file[..MaxFileNameCharacters] + "...";
        }

        var where = file.Length == 0 ? string.Empty : $" in {IntegrationAlert.Inert(file)}";
        return new IntegrationAlert($"ClamAV found {IntegrationAlert.Inert(virus)}{where} on {IntegrationAlert.HostName}", "high");
    }
}
