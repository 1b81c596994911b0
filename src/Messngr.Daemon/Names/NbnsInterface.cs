using System.Net;
using System.Net.NetworkInformation;

namespace Messngr.Daemon.Names;

/// <summary>
/// One IPv4 address of this host: its subnet broadcast address (null when the link has none,
/// e.g. a /32 or /31) and the MAC of its interface (node status UNIT_ID, RFC 1002 4.2.18).
/// </summary>
internal sealed record NbnsInterface(IPAddress Address, IPAddress? Broadcast, PhysicalAddress Mac, bool IsLoopback);
