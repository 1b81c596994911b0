namespace Messngr.Daemon.Sending;

/// <summary>
/// One <c>send</c>: the text (with '\n' line breaks) from <paramref name="From"/> to each of
/// <paramref name="Recipients"/>, over <paramref name="Transport"/>; <paramref name="Server"/> (an
/// address or host name) sends every named recipient through that host's messenger
/// (<c>msg /server:</c>) instead of resolving the name.
/// </summary>
public sealed record SendRequest(
    IReadOnlyList<Recipient> Recipients,
    string From,
    string Text,
    SendTransport Transport = SendTransport.Auto,
    string? Server = null);
