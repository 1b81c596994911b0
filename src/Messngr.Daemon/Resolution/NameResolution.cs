using System.Net;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// The answer for one name: the addresses found (empty when not found), the method that found them
/// (null when none did), whether the name is a group name, and one line per method tried for
/// <c>--verbose</c> / <c>lookup</c> (e.g. "broadcast on 10.99.0.255: no answer in 1.5 s").
/// </summary>
public sealed record NameResolution(
    IReadOnlyList<IPAddress> Addresses,
    ResolutionMethod? Method,
    bool IsGroup,
    IReadOnlyList<string> Steps)
{
    public bool Found => Addresses.Count > 0;
}
