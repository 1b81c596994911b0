using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// One small Kestrel on a TCP endpoint, as the web page (issue #14), the HTTP API and the metrics
/// listener (issue #15) each have their own, so a port taken by another daemon costs only that
/// listener. The empty builder reads no appsettings.json, environment or command line (the
/// daemon's options decide everything, and it stays trimming/AOT-clean); no Server header; the
/// caller sets the limits that bound what a hostile client can hold.
/// </summary>
internal static class KestrelTcpListener
{
    /// <summary>
    /// Builds and starts the listener, and returns it with the port bound (the configured one, or
    /// the kernel's choice for port 0). Throws <see cref="IOException"/> with a sentence for the log
    /// ("cannot open the <paramref name="what"/> on ADDR:PORT: …") when the address cannot be used.
    /// </summary>
    public static async Task<(WebApplication App, int Port)> StartAsync(
        string what, IPEndPoint endpoint, ILoggerFactory loggerFactory, Action<KestrelServerLimits> limits, RequestDelegate handler,
        CancellationToken cancellationToken, Action<ListenOptions>? listen = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseSetting(WebHostDefaults.PreventHostingStartupKey, "true");
        builder.Services.AddSingleton<ILoggerFactory>(new ControlHostLoggerFactory(loggerFactory));
        builder.Services.AddSingleton<IHostLifetime, ControlHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            limits(kestrel.Limits);
            kestrel.Listen(endpoint, options => listen?.Invoke(options));
        });
        var app = builder.Build();
        app.Run(handler);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot open the {what} on {endpoint}: {ex.Message}", ex);
        }

        if (endpoint.Port != 0)
        {
            return (app, endpoint.Port);
        }

        // Port 0 (tests): the address Kestrel reports, "http://127.0.0.1:PORT".
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"the {what} bound no address");
        }

        return (app, new Uri(address).Port);
    }

    /// <summary>Stops and disposes <paramref name="app"/>, then runs <paramref name="stopped"/> (its log line) whatever happened.</summary>
    public static async Task StopAsync(WebApplication app, Action stopped, CancellationToken cancellationToken)
    {
        try
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopped();
        }
    }
}
