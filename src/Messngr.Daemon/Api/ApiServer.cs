using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    private readonly IReadOnlyList<string> _alertNames;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Core.DaemonLimits _limits;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    public ApiServer(IDaemonControl control, ApiListenOptions options, ApiTokens tokens, IReadOnlyList<string> alertNames, ILoggerFactory loggerFactory, Core.DaemonLimits? limits = null)
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
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseSetting(WebHostDefaults.PreventHostingStartupKey, "true");
        builder.Services.AddSingleton<ILoggerFactory>(new ControlHostLoggerFactory(_loggerFactory));
        builder.Services.AddSingleton<IHostLifetime, ControlHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = _limits.MaxApiConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Limits.MaxRequestBodySize = _limits.MaxApiRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 4096;
            kestrel.Limits.RequestHeadersTimeout = _limits.ApiHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = _limits.ApiHeadersTimeout;
            kestrel.Listen(_options.Endpoint, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        var handler = new ApiRequestHandler(_control, _tokens, _alertNames, _logger, _stopping.Token, _limits);
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot open the HTTP API on {_options.Endpoint}: {ex.Message}", ex);
        }

        _app = app;
        BoundPort = _options.Endpoint.Port != 0 ? _options.Endpoint.Port
            : new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new IOException("the HTTP API bound no address")).Port;
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
        try
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
            ApiLog.Stopped(_logger, origin);
        }
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
