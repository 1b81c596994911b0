using System.Net;

namespace Messngr.Daemon.Names;

/// <summary>
/// Where broadcast name service packets for one of our addresses go: <paramref name="Local"/> is
/// the NB_ADDRESS we register, <paramref name="Destination"/> that subnet's broadcast address and
/// the name service port.
/// </summary>
internal sealed record BroadcastTarget(IPAddress Local, IPEndPoint Destination);
