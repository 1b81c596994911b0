using Messngr.Daemon.Control;
using Messngr.Daemon.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Web;

/// <summary>
/// The web page's listener (issue #14, item 2; architecture.md: "served by the daemon on loopback
/// by default"): Kestrel on TCP <c>web listen</c> (127.0.0.1:2427 unless configured; loopback only,
/// <see cref="WebAccess"/>), its own Kestrel instance beside the control socket's so a port taken
/// by another daemon (a user-mode one beside the system one) leaves the control socket working.
/// Requests: <see cref="WebRequestHandler"/>. A message the page's event stream delivered was
/// displayed (the same <see cref="Sinks.DisplayedReceipts"/> path as <c>GET /v1/listen</c>).
/// </summary>
internal sealed class WebServer : IAsyncDisposable
{
    private static readonly TimeSpan DisplayedReceiptsDrain = TimeSpan.FromSeconds(5);

    private readonly IDaemonControl _control;
    private readonly WebAccess _web;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly DaemonLimits _limits;
    private readonly Sinks.DisplayedReceipts _displayed;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    public WebServer(IDaemonControl control, WebAccess web, ILoggerFactory loggerFactory, DaemonLimits? limits = null)
    {
        _control = control;
        _web = web;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("messngr.web");
        _limits = limits ?? DaemonLimits.Default;
        _displayed = new Sinks.DisplayedReceipts(() => control.Receipts, TimeProvider.System, loggerFactory.CreateLogger("messngr.receipts"), _limits.DisplayedReceiptQueue);
    }

    /// <summary>Binds and serves; throws <see cref="IOException"/> with a sentence for the log when the address cannot be bound.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (_app is not null)
        {
            throw new InvalidOperationException("the web server is already started");
        }

        var controlHandler = new ControlRequestHandler(_control, _logger, _stopping.Token, _displayed, _limits);
        var handler = new WebRequestHandler(_web, controlHandler, _control, _displayed, _logger, _stopping.Token, _limits);
        (_app, _web.BoundPort) = await Hosting.KestrelTcpListener.StartAsync("web listener", _web.Endpoint, _loggerFactory, limits =>
        {
            limits.MaxConcurrentConnections = _limits.MaxWebConnections;
            limits.MaxRequestBodySize = 4096; // POST /send raises it for itself (ControlSendEndpoints)
            limits.MaxRequestHeadersTotalSize = 16 * 1024;
            limits.MaxRequestLineSize = 4096;
            // A connection that never completes its headers, or sits idle between requests, gives
            // its slot back (Kestrel's defaults: 30 s and 130 s); event streams are capped per uid
            // (WebRequestHandler), so no local user can take all MaxWebConnections for long.
            limits.RequestHeadersTimeout = _limits.WebHeadersTimeout;
            limits.KeepAliveTimeout = _limits.WebHeadersTimeout;
        }, handler.HandleAsync, cancellationToken).ConfigureAwait(false);
        WebLog.Listening(_logger, _web.Origin);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            _ = _displayed.CompleteAsync();
            return;
        }

        var origin = _web.Origin;
        _web.BoundPort = 0;
        try
        {
            await Hosting.KestrelTcpListener.StopAsync(app, () => WebLog.Stopped(_logger, origin), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _displayed.CompleteAsync().WaitAsync(DisplayedReceiptsDrain, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
