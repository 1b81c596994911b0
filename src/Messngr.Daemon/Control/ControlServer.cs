using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Messngr.Daemon.Core;

namespace Messngr.Daemon.Control;

/// <summary>
/// The local control API (architecture.md: HTTP+JSON over a Unix domain socket): Kestrel on
/// <c>STATE_DIR/control.sock</c>, mode 0666 because each request is authorised by the caller's
/// uid (SO_PEERCRED), not by the file mode. A stale socket left by a crashed daemon is replaced
/// at start; a live one (another daemon on the same state dir) stops the start. The socket file
/// is removed at stop. Endpoints: <see cref="ControlRequestHandler"/>.
/// </summary>
internal sealed class ControlServer : IAsyncDisposable
{
    public const string SocketFileName = "control.sock";

    /// <summary>Concurrent clients (each <c>messngr listen</c> holds one); Kestrel closes connections beyond it at once.</summary>

    private const UnixFileMode SocketMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>0711: others may reach the socket by its name but not list the directory (issue #10, item 2).</summary>
    private const UnixFileMode StateDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly IDaemonControl _control;
    private readonly string _stateDirectory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly int _maxConnections;
    private readonly DaemonLimits _limits;
    private readonly CancellationTokenSource _stopping = new();
    /// <summary>At stop, how long the displayed receipts still queued may take to reach the reporter.</summary>
    private static readonly TimeSpan DisplayedReceiptsDrain = TimeSpan.FromSeconds(5);

    private readonly Sinks.DisplayedReceipts _displayed;
    private WebApplication? _app;

    private readonly Web.WebAccess? _web;

    public ControlServer(IDaemonControl control, string stateDirectory, ILoggerFactory loggerFactory, DaemonLimits? limits = null, Web.WebAccess? web = null)
    {
        _web = web;
        _limits = limits ?? DaemonLimits.Default;
        _maxConnections = _limits.MaxControlConnections;
        _control = control;
        // A listen client handed a message displayed it (issue #13, item 6); read through the accessor each time.
        _displayed = new Sinks.DisplayedReceipts(() => control.Receipts, TimeProvider.System, loggerFactory.CreateLogger("messngr.receipts"), (limits ?? DaemonLimits.Default).DisplayedReceiptQueue);
        _stateDirectory = stateDirectory;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("messngr.control");
        SocketPath = SocketPathFor(stateDirectory);
    }

    public string SocketPath { get; }

    public static string SocketPathFor(string stateDirectory) => Path.Combine(stateDirectory, SocketFileName);

    /// <summary>
    /// Creates the state directory if needed (0711, so other users can reach the socket), replaces a
    /// stale socket, binds and starts serving. Throws <see cref="IOException"/> with a sentence for
    /// the log when the socket cannot be bound or another daemon answers on it.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the control socket needs Linux (SO_PEERCRED, socket(7))");
        }

        if (_app is not null)
        {
            throw new InvalidOperationException("the control server is already started");
        }

        if (!Directory.Exists(_stateDirectory))
        {
            Directory.CreateDirectory(_stateDirectory, StateDirectoryMode);
            File.SetUnixFileMode(_stateDirectory, StateDirectoryMode); // mkdir(2) applied the umask
        }

        await ReplaceStaleSocketAsync(cancellationToken).ConfigureAwait(false);

        // The empty builder reads no appsettings.json, no environment and no command line: the
        // daemon's options decide everything (and it stays trimming/AOT-clean).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = _stateDirectory });
        builder.WebHost.UseSetting(WebHostDefaults.PreventHostingStartupKey, "true");
        builder.Services.AddSingleton<ILoggerFactory>(new ControlHostLoggerFactory(_loggerFactory));
        builder.Services.AddSingleton<IHostLifetime, ControlHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = _maxConnections;
            kestrel.Limits.MaxRequestBodySize = 4096;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 4096;
            kestrel.ListenUnixSocket(SocketPath);
        });
        var app = builder.Build();
        var handler = new ControlRequestHandler(_control, _logger, _stopping.Token, _displayed, _limits, _web);
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot open the control socket {SocketPath}: {ex.Message}", ex);
        }

        _app = app;
        File.SetUnixFileMode(SocketPath, SocketMode);
        ControlLog.Listening(_logger, SocketPath);
    }

    /// <summary>Ends every listen stream, stops accepting, waits for requests in flight and removes the socket file.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            _ = _displayed.CompleteAsync(); // never started, or stopped before: nothing is queued
            return;
        }

        try
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
            File.Delete(SocketPath);
            ControlLog.Stopped(_logger, SocketPath);
            // The last listen clients' displayed receipts, unless the reporter is stuck (it never holds up the stop).
            await _displayed.CompleteAsync().WaitAsync(DisplayedReceiptsDrain, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task ReplaceStaleSocketAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            return;
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await probe.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
                throw new IOException($"another messngr daemon answers on {SocketPath}; stop it or give this one another --state-dir");
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // nobody listens: left behind by a daemon that did not stop cleanly
            }
        }

        File.Delete(SocketPath);
        ControlLog.StaleSocketReplaced(_logger, SocketPath);
    }
}
