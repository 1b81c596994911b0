using System.Globalization;
using System.Net;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks.HookLaunch;

/// <summary>One message line from the daemon to its hook launcher: the fields the hook's environment needs.</summary>
internal sealed record HookLaunchMessage(
    string Id,
    string From,
    string To,
    string Text,
    string Transport,
    string SourceAddress,
    int SourcePort,
    DateTimeOffset ReceivedAt,
    bool Authenticated)
{
    public static HookLaunchMessage Of(ReceivedMessage message) => new(
        message.Id.ToString(CultureInfo.InvariantCulture), message.From, message.To, message.Text,
        message.Transport.ToString(), message.Source.Address.ToString(), message.Source.Port,
        message.ReceivedAt, message.Authenticated);

    /// <summary>The message again, or null when a field does not hold a value it can have.</summary>
    public ReceivedMessage? ToMessage()
    {
        if (!Enum.TryParse<MessageTransport>(Transport, ignoreCase: false, out var transport)
            || !IPAddress.TryParse(SourceAddress, out var address)
            || SourcePort is < 0 or > 65535
            || !long.TryParse(Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        return new ReceivedMessage(From, To, Text, transport, new IPEndPoint(address, SourcePort), ReceivedAt, Authenticated) { Id = id };
    }
}
