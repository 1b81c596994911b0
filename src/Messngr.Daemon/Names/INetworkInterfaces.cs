namespace Messngr.Daemon.Names;

/// <summary>The host's IPv4 interfaces now (injectable so that tests need no real network).</summary>
internal interface INetworkInterfaces
{
    IReadOnlyList<NbnsInterface> Current();
}
