using System.Net;
using Messngr.Daemon.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Metrics;

/// <summary>
/// The metrics listener (issue #15, item 6; <c>metrics listen</c>): its own small Kestrel, as the
/// web page's (Web/WebServer.cs), so a taken port costs the metrics only. <c>GET /metrics</c> is
/// the Prometheus text format 0.0.4 (<see cref="PrometheusTextWriter"/>), <c>GET /healthz</c> the
/// <see cref="HealthReport"/>. Nothing else: no body is read, other paths are 404, other methods
/// 405. It holds counts only (no names, no text, no addresses), so a non-loopback address is
/// allowed; Kestrel's limits bound what a hostile client can hold: at most
/// <see cref="DaemonLimits.MaxMetricsConnections"/> connections, cut when the headers do not
/// arrive within <see cref="DaemonLimits.MetricsHeadersTimeout"/>, and Kestrel's minimum response
/// data rate for a reader that stalls.
/// </summary>
internal sealed class MetricsServer : IAsyncDisposable
{
    private readonly IPEndPoint _endpoint;
    private readonly MetricsCollector _collector;
    private readonly Func<HealthReport> _health;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly DaemonLimits _limits;
    private WebApplication? _app;

    public MetricsServer(IPEndPoint endpoint, DaemonMetrics metrics, Func<HealthReport> health, ILoggerFactory loggerFactory, DaemonLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _endpoint = endpoint;
        _collector = new MetricsCollector(metrics.Meter);
        _health = health;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("messngr.metrics");
        _limits = limits ?? DaemonLimits.Default;
    }

    /// <summary>The port bound (the configured one, or the one Kestrel chose for port 0); 0 before start.</summary>
    public int BoundPort { get; private set; }

    /// <summary>Binds and serves; throws <see cref="IOException"/> with a sentence for the log when the address cannot be bound.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("the metrics server is already started");
        }

        (_app, BoundPort) = await Hosting.KestrelTcpListener.StartAsync("metrics listener", _endpoint, _loggerFactory, limits =>
        {
            limits.MaxConcurrentConnections = _limits.MaxMetricsConnections;
            limits.MaxRequestBodySize = 0;
            limits.MaxRequestHeadersTotalSize = 8 * 1024;
            limits.MaxRequestLineSize = 1024;
            limits.RequestHeadersTimeout = _limits.MetricsHeadersTimeout;
            limits.KeepAliveTimeout = _limits.MetricsHeadersTimeout;
        }, HandleAsync, cancellationToken).ConfigureAwait(false);
        MetricsLog.Listening(_logger, Origin);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            return;
        }

        var origin = Origin;
        await Hosting.KestrelTcpListener.StopAsync(app, () => MetricsLog.Stopped(_logger, origin), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _collector.Dispose();
    }

    private string Origin => new IPEndPoint(_endpoint.Address, BoundPort).ToString();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is not "/metrics" and not "/healthz")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        byte[] body;
        if (path == "/metrics")
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            body = System.Text.Encoding.UTF8.GetBytes(PrometheusTextWriter.Write(_collector.Collect()));
        }
        else
        {
            var health = _health();
            context.Response.StatusCode = health.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json";
            body = health.ToJson();
        }

        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
