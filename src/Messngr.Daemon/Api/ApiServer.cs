using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Api;

/// <summary>
/// The HTTP API's listener (issue #15, item 1; architecture.md: "Web page and HTTP publish API:
/// served by the daemon on loopback by default; tokens for anything else"): its own Kestrel on
/// <c>api listen</c> (127.0.0.1:2428 unless configured), beside the web page's and the control
/// socket's, so a port taken by another daemon costs only the API. HTTPS (TLS 1.2+, Kestrel's
/// defaults) with the PEM certificate and key of <c>api tls certificate</c>/<c>api tls key</c>.
/// Kestrel's limits bound what a client that never authenticates can hold: connections
/// (<see cref="Core.DaemonLimits.MaxApiConnections"/>), the time to send headers and to sit idle
/// (<see cref="Core.DaemonLimits.ApiHeadersTimeout"/>: a client trickling bytes is cut), header and
/// body sizes. Requests: <see cref="ApiRequestHandler"/>.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly IDaemonControl _control;
    private readonly ApiListenOptions _options;
    private readonly ApiTokens _tokens;
    private readonly Func<IReadOnlyList<string>> _alertNames;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Core.DaemonLimits _limits;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    public ApiServer(IDaemonControl control, ApiListenOptions options, ApiTokens tokens, Func<IReadOnlyList<string>> alertNames, ILoggerFactory loggerFactory, Core.DaemonLimits? limits = null)
    {
        _control = control;
        _options = options;
        _tokens = tokens;
        _alertNames = alertNames;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("messngr.api");
        _limits = limits ?? Core.DaemonLimits.Default;
    }

    /// <summary>The port bound (the configured one, or the kernel's choice for port 0); 0 when not serving.</summary>
    public int BoundPort { get; private set; }

    /// <summary>http://ADDR:PORT or https://…, for logs and tests.</summary>
    public string Origin => $"{(_options.Tls ? "https" : "http")}://{(_options.Endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{_options.Endpoint.Address}]" : _options.Endpoint.Address.ToString())}:{BoundPort}";

    /// <summary>Binds and serves; throws <see cref="IOException"/> with a sentence for the log when the address or the certificate cannot be used.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (_app is not null)
        {
            throw new InvalidOperationException("the API server is already started");
        }

        var certificate = _options.Tls ? LoadCertificate() : null;
        var handler = new ApiRequestHandler(_control, _tokens, _alertNames, _logger, _stopping.Token, _limits);
        (_app, BoundPort) = await Hosting.KestrelTcpListener.StartAsync("HTTP API", _options.Endpoint, _loggerFactory, limits =>
        {
            limits.MaxConcurrentConnections = _limits.MaxApiConnections;
            limits.MaxConcurrentUpgradedConnections = 0;
            limits.MaxRequestBodySize = _limits.MaxApiRequestBytes;
            limits.MaxRequestHeadersTotalSize = 16 * 1024;
            limits.MaxRequestLineSize = 4096;
            limits.RequestHeadersTimeout = _limits.ApiHeadersTimeout;
            limits.KeepAliveTimeout = _limits.ApiHeadersTimeout;
        }, handler.HandleAsync, cancellationToken, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }).ConfigureAwait(false);
        ApiLog.Listening(_logger, Origin);
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
            return;
        }

        var origin = Origin;
        BoundPort = 0;
        await Hosting.KestrelTcpListener.StopAsync(app, () => ApiLog.Stopped(_logger, origin), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private X509Certificate2 LoadCertificate()
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(_options.CertificateFile!, _options.KeyFile);
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw new IOException($"cannot use the HTTP API's certificate {_options.CertificateFile} with key {_options.KeyFile ?? _options.CertificateFile}: {ex.Message}", ex);
        }
    }
}
