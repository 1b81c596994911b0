using System.Net;
using System.Text;

namespace Messngr.Daemon.Sending;

/// <summary>
/// What the send engine needs from the configuration: our computer name (the NBSS calling name
/// and the mailslot source name), the workgroup for <c>*</c>, the OEM code page, the local
/// addresses with their broadcast addresses for workgroup broadcasts, the ports and the timeout.
/// </summary>
public sealed record SendSettings
{
    public required string ComputerName { get; init; }

    public string Workgroup { get; init; } = "WORKGROUP";

    public Encoding Oem { get; init; } = Messngr.Wire.OemCodePage.Get(Messngr.Wire.OemCodePage.DefaultCodePage);

    /// <summary>Our NetBIOS scope (<c>netbios scope</c>): every name we send or ask for is in it. Empty: none.</summary>
    public string Scope { get; init; } = string.Empty;

    /// <summary>
    /// (local address, its subnet broadcast address) pairs that workgroup broadcasts go to; asked
    /// only when a broadcast is sent (enumerating interfaces is most of a directed send's set-up).
    /// </summary>
    public Func<IReadOnlyList<(IPAddress Local, IPAddress Broadcast)>> BroadcastInterfaces { get; init; } = () => [];

    /// <summary>For each recipient, from resolution to the last reply (<c>msg /time</c> is the closest Windows option).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the transports do their I/O on the calling thread (<see cref="Transports.TransportSettings.BlockingIo"/>);
    /// then a recipient's timer is armed only for asynchronous steps (<see cref="RecipientTimer"/>).
    /// </summary>
    public bool BlockingIo { get; init; }

    public int SessionPort { get; init; } = 139;

    public int DatagramPort { get; init; } = 138;

    public int RpcPort { get; init; } = 135;
}
