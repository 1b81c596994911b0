using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Control;

/// <summary>
/// Talks to the daemon's control API (HTTP/1.1 + JSON over <c>STATE_DIR/control.sock</c>,
/// <c>Messngr.Daemon.Control.ControlRequestHandler</c>). Every failure is a
/// <see cref="ControlClientException"/> whose message says what to do.
/// </summary>
internal sealed class ControlClient : IDisposable
{
    /// <summary>How long a single request may take; <see cref="ListenAsync"/> has no limit.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A listen line longer than this is a protocol error, not a reason to grow memory.</summary>
    private const int MaxLineLength = 1024 * 1024;

    private readonly HttpClient _http;

    public ControlClient(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, cancellationToken) => ConnectAsync(socketPath, cancellationToken),
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://messngr/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public string SocketPath { get; }

    public Task<IReadOnlyList<NameDto>> ListNamesAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/names", null, ControlJsonContext.Default.IReadOnlyListNameDto, cancellationToken);

    public Task<NameChangeDto> AddNameAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/names", JsonContent.Create(new AddNameRequest(name), ControlJsonContext.Default.AddNameRequest), ControlJsonContext.Default.NameChangeDto, cancellationToken);

    public Task<NameChangeDto> DeleteNameAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "v1/names/" + Uri.EscapeDataString(name), null, ControlJsonContext.Default.NameChangeDto, cancellationToken);

    public Task<IReadOnlyList<MessageDto>> HistoryAsync(int limit, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/history?limit=" + limit.ToString(CultureInfo.InvariantCulture), null, ControlJsonContext.Default.IReadOnlyListMessageDto, cancellationToken);

    public Task<StatusDto> StatusAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/status", null, ControlJsonContext.Default.StatusDto, cancellationToken);

    /// <summary>
    /// Messages as the daemon commits them, until <paramref name="cancellationToken"/> is cancelled
    /// (returns quietly) or the daemon ends the stream (returns too: the caller says so).
    /// </summary>
    public async IAsyncEnumerable<MessageDto> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/listen");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                // the daemon stopped mid-stream: the same as a clean end for the caller
                yield break;
            }

            if (line is null)
            {
                yield break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length > MaxLineLength)
            {
                throw new ControlClientException(ControlFailure.Protocol, $"the daemon on {SocketPath} sent a message line of {line.Length} characters");
            }

            yield return Deserialize(line, ControlJsonContext.Default.MessageDto);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        try
        {
            using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            await ThrowIfFailedAsync(response, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return Deserialize(body, typeInfo);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ControlClientException(ControlFailure.Unavailable, $"the daemon on {SocketPath} did not answer within {RequestTimeout.TotalSeconds:0} seconds");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            throw NotRunning();
        }

        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException socketError)
        {
            throw socketError.SocketErrorCode switch
            {
                SocketError.AccessDenied => new ControlClientException(
                    ControlFailure.PermissionDenied,
                    $"permission denied on {SocketPath}; ask the administrator, or run your own daemon with 'messngr serve --state-dir DIR'",
                    innerException: ex),
                SocketError.AddressNotAvailable => NotRunning(ex),
                SocketError.ConnectionRefused => new ControlClientException(
                    ControlFailure.Unavailable,
                    $"no daemon answers on {SocketPath} (left over from a daemon that stopped?); is 'messngr serve' running?",
                    innerException: ex),
                _ => new ControlClientException(ControlFailure.Unavailable, $"cannot reach the daemon on {SocketPath}: {socketError.Message}", innerException: ex),
            };
        }
        catch (HttpRequestException ex)
        {
            throw new ControlClientException(ControlFailure.Unavailable, $"the daemon on {SocketPath} closed the connection ({ex.Message}); is 'messngr serve' still running?", innerException: ex);
        }
    }

    private ControlClientException NotRunning(Exception? inner = null) =>
        new(ControlFailure.Unavailable, $"is 'messngr serve' running? socket {SocketPath} not found (use --state-dir DIR for another daemon)", innerException: inner);

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        ErrorDto? error = null;
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            error = JsonSerializer.Deserialize(body, ControlJsonContext.Default.ErrorDto);
        }
        catch (JsonException)
        {
            // not our error format: the status line is all we have
        }

        var message = error?.Message ?? $"the daemon answered {(int)response.StatusCode} {response.ReasonPhrase}";
        var failure = response.StatusCode switch
        {
            HttpStatusCode.Forbidden => ControlFailure.PermissionDenied,
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict => ControlFailure.Rejected,
            _ => ControlFailure.Protocol,
        };
        throw new ControlClientException(failure, message, error?.Error);
    }

    private T Deserialize<T>(string json, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new ControlClientException(ControlFailure.Protocol, $"the daemon on {SocketPath} sent an answer this messngr does not understand ({ex.Message}); are both the same version?", innerException: ex);
        }
    }

    private static async ValueTask<Stream> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
