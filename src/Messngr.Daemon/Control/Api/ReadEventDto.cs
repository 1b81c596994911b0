namespace Messngr.Daemon.Control.Api;

/// <summary>
/// A line of a display's stream asked with <c>&amp;events=read</c> (issue #14, item 1):
/// <c>{"event":"read","seq":N,"id":"…"}</c> — one of the caller's messages was read elsewhere
/// (<c>messngr read</c>, <c>listen --ack</c>, the web page), so a display closes what it shows of it.
/// <see cref="Event"/> comes first on the wire, which is how a client tells it from a message line.
/// </summary>
internal sealed record ReadEventDto(string Event, long Seq, string Id)
{
    /// <summary>The <see cref="Event"/> of a read event.</summary>
    public const string Read = "read";

    /// <summary>How every event line starts (the client's test for "not a message").</summary>
    public const string LinePrefix = "{\"event\":";
}
