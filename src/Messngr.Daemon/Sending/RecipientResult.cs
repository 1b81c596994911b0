using System.Net;

namespace Messngr.Daemon.Sending;

/// <summary>
/// What happened to one recipient: the outcome, the path that decided it (null when none was
/// tried), the address used, the name the message was addressed to, and a one-line detail that
/// names the receiver's reply or the error.
/// </summary>
public sealed record RecipientResult(
    Recipient Recipient,
    SendOutcome Outcome,
    SendTransport? Transport,
    IPAddress? Address,
    string? To,
    string Detail,
    int Blocks = 0)
{
    public bool Succeeded => Outcome is SendOutcome.Delivered or SendOutcome.AcceptedForBroadcast;

    /// <summary>Set when the message went over the native transport (<see cref="SendTransport.Native"/>).</summary>
    public NativeDelivery? Native { get; init; }
}
