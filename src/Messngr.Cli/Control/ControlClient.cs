using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Control;

/// <summary>
/// Talks to the daemon's control API (HTTP + JSON over <c>STATE_DIR/control.sock</c>,
/// <c>Messngr.Daemon.Control.ControlRequestHandler</c>): one connection per request, an HTTP/1.0
/// request, a <see cref="ControlResponse"/>; nothing is held between requests. Every failure is a <see cref="ControlClientException"/>
/// whose message says what to do.
/// </summary>
internal sealed class ControlClient
{
    /// <summary>
    /// How long a request may take, from connect to the last byte, when none is given: a stopped
    /// (SIGSTOP) daemon still accepts connections in the kernel but never answers (issue #12, item 12).
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(Options.ClientOptions.DefaultTimeoutSeconds);

    /// <summary>A listen line longer than this is a protocol error, not a reason to grow memory.</summary>
    private const int MaxLineLength = 1024 * 1024;

    /// <summary>Largest answer read: 1,000 history entries of 4 KiB of text, JSON-escaped, fit with room.</summary>
    private const int MaxBodyLength = 64 * 1024 * 1024;

    public ControlClient(string socketPath, TimeSpan? timeout = null)
    {
        SocketPath = socketPath;
        Timeout = timeout ?? DefaultTimeout;
    }

    public string SocketPath { get; }

    /// <summary>The deadline of each request; for <see cref="ListenAsync"/> of the subscription only, not of the wait for messages.</summary>
    public TimeSpan Timeout { get; }

    public Task<IReadOnlyList<NameDto>> ListNamesAsync(CancellationToken cancellationToken) =>
        SendAsync("GET", "/v1/names", null, ControlJsonContext.Default.IReadOnlyListNameDto, cancellationToken);

    public Task<NameChangeDto> AddNameAsync(string name, CancellationToken cancellationToken) =>
        SendAsync("POST", "/v1/names", JsonSerializer.SerializeToUtf8Bytes(new AddNameRequest(name), ControlJsonContext.Default.AddNameRequest), ControlJsonContext.Default.NameChangeDto, cancellationToken);

    public Task<NameChangeDto> DeleteNameAsync(string name, CancellationToken cancellationToken) =>
        SendAsync("DELETE", "/v1/names/" + Uri.EscapeDataString(name), null, ControlJsonContext.Default.NameChangeDto, cancellationToken);

    public Task<IReadOnlyList<MessageDto>> HistoryAsync(int limit, CancellationToken cancellationToken, bool includeSuperseded = false) =>
        SendAsync("GET", "/v1/history?limit=" + limit.ToString(CultureInfo.InvariantCulture) + (includeSuperseded ? "&all=true" : ""), null, ControlJsonContext.Default.IReadOnlyListMessageDto, cancellationToken);

    /// <summary><c>POST /v1/messages/{id or seq}/read</c>: opens the message (its text, sealed or not) and reports it read; an empty body (HTTP/1.0 needs a Content-Length on a POST).</summary>
    public Task<MessageDto> ReadAsync(string idOrSeq, CancellationToken cancellationToken) =>
        SendAsync("POST", "/v1/messages/" + Uri.EscapeDataString(idOrSeq) + "/read", [], ControlJsonContext.Default.MessageDto, cancellationToken);

    /// <summary>
    /// <c>POST /v1/messages/{id or seq}/reply</c> (issue #14, reply): the daemon answers the message to
    /// the recipient it works out, as this user; the send may take the native send timeout (20 s), so
    /// <see cref="ReplyDeadline"/> bounds the request when it is longer than <see cref="Timeout"/>.
    /// </summary>
    public Task<AnySendDto> ReplyAsync(string idOrSeq, string text, string? priority, CancellationToken cancellationToken) =>
        SendAsync("POST", "/v1/messages/" + Uri.EscapeDataString(idOrSeq) + "/reply", JsonSerializer.SerializeToUtf8Bytes(new ReplyRequest(text, priority), ControlJsonContext.Default.ReplyRequest),
            ControlJsonContext.Default.AnySendDto, cancellationToken, ReplyDeadline);

    /// <summary>A reply's send: the daemon's native send timeout (20 s), a connect, or a classic name query and session.</summary>
    public static readonly TimeSpan ReplyDeadline = TimeSpan.FromSeconds(60);

    /// <summary><c>POST /v1/messages/{id or seq}/displayed</c> (issue #14, item 1): the agent's notification of it is on screen; idempotent.</summary>
    public Task<MessageDto> DisplayedAsync(string idOrSeq, CancellationToken cancellationToken) =>
        SendAsync("POST", "/v1/messages/" + Uri.EscapeDataString(idOrSeq) + "/displayed", [], ControlJsonContext.Default.MessageDto, cancellationToken);

    /// <summary><c>GET /v1/web</c>, or <c>POST /v1/web/token</c> for a new token (issue #14, item 2; <c>messngr web</c>).</summary>
    public Task<WebAccessDto> WebAsync(bool newToken, CancellationToken cancellationToken) => newToken
        ? SendAsync("POST", "/v1/web/token", [], ControlJsonContext.Default.WebAccessDto, cancellationToken)
        : SendAsync("GET", "/v1/web", null, ControlJsonContext.Default.WebAccessDto, cancellationToken);

    /// <summary><c>POST /v1/tokens</c> (issue #15, item 1; <c>messngr token add</c>): a new HTTP API token of this user, with its secret.</summary>
    public Task<TokenCreatedDto> AddTokenAsync(string name, IReadOnlyList<string> sendTo, CancellationToken cancellationToken) =>
        SendAsync("POST", "/v1/tokens", JsonSerializer.SerializeToUtf8Bytes(new TokenAddRequest(name, sendTo), ControlJsonContext.Default.TokenAddRequest), ControlJsonContext.Default.TokenCreatedDto, cancellationToken);

    /// <summary><c>GET /v1/tokens</c>: this user's HTTP API tokens (root: all), never a secret.</summary>
    public Task<IReadOnlyList<TokenDto>> ListTokensAsync(CancellationToken cancellationToken) =>
        SendAsync("GET", "/v1/tokens", null, ControlJsonContext.Default.IReadOnlyListTokenDto, cancellationToken);

    /// <summary><c>DELETE /v1/tokens/{name}[?uid=N]</c>: revokes a token at once (another owner's: root only).</summary>
    public Task<TokenDto> RevokeTokenAsync(string name, uint? ownerUid, CancellationToken cancellationToken) =>
        SendAsync("DELETE", "/v1/tokens/" + Uri.EscapeDataString(name) + (ownerUid is { } uid ? "?uid=" + uid.ToString(CultureInfo.InvariantCulture) : string.Empty), null, ControlJsonContext.Default.TokenDto, cancellationToken);

    public Task<StatusDto> StatusAsync(CancellationToken cancellationToken) =>
        SendAsync("GET", "/v1/status", null, ControlJsonContext.Default.StatusDto, cancellationToken);

    public Task<NodeIdDto> NodeIdAsync(CancellationToken cancellationToken) =>
        SendAsync("GET", "/v1/id", null, ControlJsonContext.Default.NodeIdDto, cancellationToken);

    public Task<IReadOnlyList<TrustEntryDto>> ListTrustAsync(CancellationToken cancellationToken) =>
        SendAsync("GET", "/v1/trust", null, ControlJsonContext.Default.IReadOnlyListTrustEntryDto, cancellationToken);

    public Task<IReadOnlyList<PeerDto>> PeersAsync(CancellationToken cancellationToken) =>
        SendAsync("GET", "/v1/peers", null, ControlJsonContext.Default.IReadOnlyListPeerDto, cancellationToken);

    public Task<TrustEntryDto> AddTrustAsync(string nodeId, string? name, CancellationToken cancellationToken) =>
        SendAsync("POST", "/v1/trust", JsonSerializer.SerializeToUtf8Bytes(new AddTrustRequest(nodeId, name), ControlJsonContext.Default.AddTrustRequest), ControlJsonContext.Default.TrustEntryDto, cancellationToken);

    public Task<TrustEntryDto> RemoveTrustAsync(string idOrName, CancellationToken cancellationToken) =>
        SendAsync("DELETE", "/v1/trust/" + Uri.EscapeDataString(idOrName), null, ControlJsonContext.Default.TrustEntryDto, cancellationToken);

    /// <summary><c>GET /v1/quiet</c> (issue #14, item 3): this user's do-not-disturb and quiet hours, and whether it is quiet now.</summary>
    public Task<QuietDto> QuietAsync(CancellationToken cancellationToken) =>
        SendAsync("GET", "/v1/quiet", null, ControlJsonContext.Default.QuietDto, cancellationToken);

    /// <summary><c>PUT /v1/quiet</c>: changes what <paramref name="request"/> names, keeps the rest; answers the new settings.</summary>
    public Task<QuietDto> SetQuietAsync(QuietRequest request, CancellationToken cancellationToken) =>
        SendAsync("PUT", "/v1/quiet", JsonSerializer.SerializeToUtf8Bytes(request, ControlJsonContext.Default.QuietRequest), ControlJsonContext.Default.QuietDto, cancellationToken);

    /// <summary>
    /// <c>POST /v1/send</c> (issue #13, item 8): the daemon sends as this user and answers after the
    /// first attempt, which may take the native send timeout (20 s): <paramref name="deadline"/>
    /// bounds this request instead of <see cref="Timeout"/> when it is longer.
    /// </summary>
    public Task<NativeSendDto> SendNativeAsync(NativeSendRequest request, TimeSpan deadline, CancellationToken cancellationToken) =>
        SendAsync("POST", "/v1/send", JsonSerializer.SerializeToUtf8Bytes(request, ControlJsonContext.Default.NativeSendRequest), ControlJsonContext.Default.NativeSendDto, cancellationToken, deadline);

    /// <summary>
    /// <c>POST /v1/send</c> with <c>recipients</c> (issue #13, many): one message per recipient, all
    /// submitted at once by the daemon, answered in the request's order after their first attempts.
    /// </summary>
    public Task<NativeSendBatchDto> SendNativeManyAsync(NativeSendRequest request, TimeSpan deadline, CancellationToken cancellationToken) =>
        SendAsync("POST", "/v1/send", JsonSerializer.SerializeToUtf8Bytes(request, ControlJsonContext.Default.NativeSendRequest), ControlJsonContext.Default.NativeSendBatchDto, cancellationToken, deadline);

    /// <summary><c>GET /v1/sent?limit=N</c>: this user's sent messages, newest first.</summary>
    public Task<IReadOnlyList<SentDto>> SentAsync(int limit, CancellationToken cancellationToken) =>
        SendAsync("GET", "/v1/sent?limit=" + limit.ToString(CultureInfo.InvariantCulture), null, ControlJsonContext.Default.IReadOnlyListSentDto, cancellationToken);

    /// <summary>
    /// <c>GET /v1/sent/{id}</c>, after waiting (at most <paramref name="wait"/>) for <paramref name="state"/>
    /// (stored, displayed or read) when one is given; the request's deadline is the wait plus <see cref="Timeout"/>.
    /// </summary>
    public Task<SentDto> SentMessageAsync(string id, string? state, TimeSpan wait, CancellationToken cancellationToken) =>
        state is null
            ? SendAsync("GET", "/v1/sent/" + Uri.EscapeDataString(id), null, ControlJsonContext.Default.SentDto, cancellationToken)
            : SendAsync("GET", $"/v1/sent/{Uri.EscapeDataString(id)}?wait={state}&timeout={wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}", null, ControlJsonContext.Default.SentDto, cancellationToken, wait + Timeout);

    /// <summary>
    /// Messages as the daemon commits them, until <paramref name="cancellationToken"/> is cancelled
    /// (returns quietly) or the daemon ends the stream (returns too: the caller says so).
    /// </summary>
    public async IAsyncEnumerable<MessageDto> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in StreamAsync("/v1/listen", cancellationToken).ConfigureAwait(false))
        {
            yield return Deserialize(item, ControlJsonContext.Default.MessageDto);
        }
    }

    /// <summary>
    /// A display's stream (<c>GET /v1/listen?display=NAME</c>, held while the user is quiet; issue
    /// #14), with <paramref name="readEvents"/> also the read events of the caller's messages
    /// (<c>&amp;events=read</c>): each line is a message or a <see cref="ReadEventDto"/>. Ends as <see cref="ListenAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<DisplayStreamItem> ListenDisplayAsync(string display, bool readEvents, [EnumeratorCancellation] CancellationToken cancellationToken, Action? subscribed = null)
    {
        var target = "/v1/listen?display=" + Uri.EscapeDataString(display) + (readEvents ? "&events=read" : string.Empty);
        await foreach (var line in StreamAsync(target, cancellationToken, subscribed).ConfigureAwait(false))
        {
            yield return line.StartsWith(ReadEventDto.LinePrefix, StringComparison.Ordinal)
                ? new DisplayStreamItem(null, Deserialize(line, ControlJsonContext.Default.ReadEventDto))
                : new DisplayStreamItem(Deserialize(line, ControlJsonContext.Default.MessageDto), null);
        }
    }

    /// <summary>The non-empty lines of a stream the daemon sends at <paramref name="target"/>.</summary>
    private async IAsyncEnumerable<string> StreamAsync(string target, [EnumeratorCancellation] CancellationToken cancellationToken, Action? subscribed = null)
    {
        var (connection, response) = await SubscribeAsync(target, cancellationToken).ConfigureAwait(false);
        subscribed?.Invoke();
        using var owned = connection;
        while (true)
        {
            string? line;
            try
            {
                line = await response.ReadLineAsync(MaxLineLength, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            catch (IOException)
            {
                // the daemon stopped mid-stream: the same as a clean end for the caller
                yield break;
            }
            catch (FormatException ex)
            {
                throw new ControlClientException(ControlFailure.Protocol, $"the daemon on {SocketPath} sent a bad message stream: {ex.Message}", innerException: ex);
            }

            if (line is null)
            {
                yield break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            yield return line;
        }
    }

    /// <summary>Connects and asks for the stream within <see cref="Timeout"/>; the stream itself then has no deadline.</summary>
    private async Task<(NetworkStream Connection, ControlResponse Response)> SubscribeAsync(string target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        NetworkStream? connection = null;
        try
        {
            connection = await ConnectAsync(timeout.Token).ConfigureAwait(false);
            var response = await ExchangeAsync(connection, "GET", target, null, timeout.Token).ConfigureAwait(false);
            await ThrowIfFailedAsync(response, timeout.Token).ConfigureAwait(false);
            return (connection, response);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            connection?.Dispose();
            throw DidNotAnswer();
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    private async Task<T> SendAsync<T>(string method, string target, byte[]? json, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, TimeSpan? deadline = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = deadline is { } longer && longer > Timeout ? longer : Timeout;
        timeout.CancelAfter(limit);
        try
        {
            using var connection = await ConnectAsync(timeout.Token).ConfigureAwait(false);
            var response = await ExchangeAsync(connection, method, target, json, timeout.Token).ConfigureAwait(false);
            await ThrowIfFailedAsync(response, timeout.Token).ConfigureAwait(false);
            return Deserialize(await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false), typeInfo);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw DidNotAnswer(limit);
        }
    }

    private ControlClientException DidNotAnswer(TimeSpan? limit = null) =>
        new(ControlFailure.TimedOut, $"the daemon at {SocketPath} did not answer within {(limit ?? Timeout).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");

    /// <summary>Writes the request (HTTP/1.0, RFC 1945 §5) and reads the response head.</summary>
    private async Task<ControlResponse> ExchangeAsync(NetworkStream connection, string method, string target, byte[]? json, CancellationToken cancellationToken)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.0\r\nHost: messngr\r\nAccept: application/json\r\n");
        if (json is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: application/json; charset=utf-8\r\nContent-Length: {json.Length}\r\n");
        }

        head.Append("\r\n");
        // One write, head and body: the daemon may answer and close as soon as it has the head (an
        // empty body, or a refusal before reading the body), and a second write would then fail
        // with EPIPE although the answer is waiting to be read.
        var request = Encoding.ASCII.GetBytes(head.ToString());
        if (json is { Length: > 0 })
        {
            request = [.. request, .. json];
        }

        try
        {
            await connection.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException writeFailed)
        {
            // The daemon stopped reading and closed (a body it refused): its answer, if it sent one, is still readable.
            return await ReadAnswerAfterFailedWriteAsync(connection, writeFailed, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await ControlResponse.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw ClosedTheConnection(ex);
        }
        catch (FormatException ex)
        {
            throw new ControlClientException(ControlFailure.Protocol, $"the daemon on {SocketPath} sent an answer this messngr does not understand ({ex.Message}); are both the same version?", innerException: ex);
        }
    }

    private async Task<ControlResponse> ReadAnswerAfterFailedWriteAsync(NetworkStream connection, IOException writeFailed, CancellationToken cancellationToken)
    {
        try
        {
            return await ControlResponse.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            throw ClosedTheConnection(writeFailed);
        }
    }

    private ControlClientException ClosedTheConnection(IOException ex) =>
        new(ControlFailure.Unavailable, $"the daemon on {SocketPath} closed the connection ({ex.Message}); is 'messngr serve' still running?", innerException: ex);

    private async Task<string> ReadBodyAsync(ControlResponse response, CancellationToken cancellationToken)
    {
        try
        {
            return Encoding.UTF8.GetString(await response.ReadBodyAsync(MaxBodyLength, cancellationToken).ConfigureAwait(false));
        }
        catch (IOException ex)
        {
            throw ClosedTheConnection(ex);
        }
        catch (FormatException ex)
        {
            throw new ControlClientException(ControlFailure.Protocol, $"the daemon on {SocketPath} sent an answer this messngr does not understand ({ex.Message}); are both the same version?", innerException: ex);
        }
    }

    private async Task<NetworkStream> ConnectAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            throw NotRunning();
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw ex.SocketErrorCode switch
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
                _ => new ControlClientException(ControlFailure.Unavailable, $"cannot reach the daemon on {SocketPath}: {ex.Message}", innerException: ex),
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private ControlClientException NotRunning(Exception? inner = null) =>
        new(ControlFailure.Unavailable, $"is 'messngr serve' running? socket {SocketPath} not found (use --state-dir DIR for another daemon)", innerException: inner);

    private async Task ThrowIfFailedAsync(ControlResponse response, CancellationToken cancellationToken)
    {
        if (response.IsSuccess)
        {
            return;
        }

        ErrorDto? error = null;
        try
        {
            error = JsonSerializer.Deserialize(await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false), ControlJsonContext.Default.ErrorDto);
        }
        catch (Exception ex) when (ex is JsonException or ControlClientException)
        {
            // not our error format: the status line is all we have
        }

        var message = error?.Message ?? $"the daemon answered {response.Status} {response.Reason}";
        var failure = response.Status switch
        {
            403 => ControlFailure.PermissionDenied,
            400 or 404 or 409 => ControlFailure.Rejected,
            429 => ControlFailure.TryLater,
            503 when error?.Error is ControlErrors.NativeOff or ControlErrors.WebOff or ControlErrors.ApiOff => ControlFailure.Unavailable,
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
}
