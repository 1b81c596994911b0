using System.Net;
using System.Net.NetworkInformation;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// The answer to a NODE STATUS REQUEST (RFC 1002 4.2.17/4.2.18, protocols.md §2.4): the node's
/// name table and its MAC (STATISTICS UNIT_ID; Samba sends zeros). <see cref="Names"/> is empty
/// and <see cref="Answered"/> false when the node did not answer in time.
/// </summary>
internal sealed record NodeStatusResult(IPAddress Address, bool Answered, IReadOnlyList<NodeStatusName> Names, PhysicalAddress Mac, int Ignored, IReadOnlyList<string> SendErrors);
