using System.Text.Json.Serialization;

namespace Messngr.Daemon.Alertmanager;

/// <summary>
/// One alert of a webhook notification (Alertmanager template.Alert: status, labels, annotations,
/// startsAt, endsAt, generatorURL, fingerprint). Times are kept as text: they are shown, never computed with.
/// </summary>
internal sealed record AlertmanagerAlert
{
    public string? Status { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }

    public string? StartsAt { get; init; }

    public string? EndsAt { get; init; }

    [JsonPropertyName("generatorURL")]
    public string? GeneratorUrl { get; init; }

    public string? Fingerprint { get; init; }
}
