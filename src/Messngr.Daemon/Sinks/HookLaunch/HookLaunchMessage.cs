using System.Globalization;
using System.Net;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks.HookLaunch;

/// <summary>
/// One message line from the daemon to its hook launcher: the fields the hook's environment needs
/// (<see cref="HookEnvironment"/>); the message-model fields are optional so a line without them still reads.
/// </summary>
internal sealed record HookLaunchMessage(
    string Id,
    string From,
    string To,
    string Text,
    string Transport,
    string SourceAddress,
    int SourcePort,
    DateTimeOffset ReceivedAt,
    bool Authenticated,
    string? MessageId = null,
    string? Priority = null,
    string? SenderNode = null,
    string? SenderUser = null)
{
    public static HookLaunchMessage Of(ReceivedMessage message) => new(
        message.Id.ToString(CultureInfo.InvariantCulture), message.From, message.To, message.Text,
        message.Transport.ToString(), message.Source.Address.ToString(), message.Source.Port,
        message.ReceivedAt, message.Authenticated, message.MessageId.ToString(), PriorityText.Format(message.Priority),
        (message.Sender as SenderIdentity.Native)?.NodeId, (message.Sender as SenderIdentity.Native)?.User);

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

        var source = new IPEndPoint(address, SourcePort);
        var message = new ReceivedMessage(From, To, Text, transport, source, ReceivedAt, Authenticated) { Id = id };
        if (MessageId is not null)
        {
            if (!Core.MessageId.TryParse(MessageId, out var messageId, out _))
            {
                return null;
            }

            message = message with { MessageId = messageId };
        }

        if (Priority is not null)
        {
            if (!PriorityText.TryParse(Priority, out var priority))
            {
                return null;
            }

            message = message with { Priority = priority };
        }

        if (SenderNode is not null || SenderUser is not null)
        {
            if (string.IsNullOrWhiteSpace(SenderNode) || string.IsNullOrWhiteSpace(SenderUser))
            {
                return null;
            }

            message = message with { Sender = new SenderIdentity.Native(SenderNode, SenderUser) };
        }

        return message;
    }
}
