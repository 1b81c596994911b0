using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Resolution;

/// <summary>Resolves a NetBIOS name (with its suffix) to addresses by the configured methods, in order; the first that answers wins.</summary>
public interface INameResolver
{
    Task<NameResolution> ResolveAsync(NetBiosName name, CancellationToken cancellationToken);

    /// <summary>
    /// A host name (<see cref="HostNameRule"/>), exactly as typed, through the system resolver (DNS,
    /// /etc/hosts), whatever the resolve order: the HOST of <c>NAME@HOST</c> (issue #12, item 8).
    /// </summary>
    Task<NameResolution> ResolveHostAsync(string host, CancellationToken cancellationToken);
}
