using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Resolution;

/// <summary>Resolves a NetBIOS name (with its suffix) to addresses by the configured methods, in order; the first that answers wins.</summary>
public interface INameResolver
{
    Task<NameResolution> ResolveAsync(NetBiosName name, CancellationToken cancellationToken);
}
