using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>A socket owner the daemon starts and stops.</summary>
internal interface IListener : IAsyncDisposable
{
    ListenerStatus Status { get; }

    /// <summary>Binds and starts; failures go to <see cref="Status"/> and the log, never thrown.</summary>
    void Start(CancellationToken cancellationToken);
}
