namespace Messngr.Daemon.Sending;

/// <summary>
/// The word of each <see cref="SendTransport"/> in result lines, <c>--json</c> and the control
/// API ("smb", "rpc", "mailslot", "native", "auto"), and back. A switch rather than
/// <c>Enum.ToString</c>/<c>Enum.TryParse</c>: those need the enum's reflection metadata, which
/// the one-shot client (issue #15, item 8) would otherwise carry and set up at every start.
/// </summary>
public static class SendTransportWords
{
    /// <summary>Every transport, in declaration order.</summary>
    public static readonly SendTransport[] All = [SendTransport.Auto, SendTransport.Smb, SendTransport.Mailslot, SendTransport.Rpc, SendTransport.Native];

    public static string Word(this SendTransport transport) => transport switch
    {
        SendTransport.Auto => "auto",
        SendTransport.Smb => "smb",
        SendTransport.Mailslot => "mailslot",
        SendTransport.Rpc => "rpc",
        SendTransport.Native => "native",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "not a transport"),
    };

    /// <summary>The transport named <paramref name="word"/> (as <see cref="Word"/> writes it, any case).</summary>
    public static bool TryParse(string? word, out SendTransport transport)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Word(), word, StringComparison.OrdinalIgnoreCase))
            {
                transport = candidate;
                return true;
            }
        }

        transport = default;
        return false;
    }
}
