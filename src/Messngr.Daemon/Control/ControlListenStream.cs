using System.Text.Json;
using Messngr.Daemon.Control.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Control;

/// <summary>
/// <c>GET /v1/listen</c>: newline-delimited JSON (one <see cref="MessageDto"/> a line), flushed
/// per message so <c>messngr listen</c> shows each at once. Subscribes before the headers go out,
/// so a message committed after the client has seen the 200 reaches it. Ends cleanly when the
/// client disconnects (Kestrel cancels RequestAborted) or the daemon stops. A message written and
/// flushed to the client was displayed: its receipt is offered to <see cref="Sinks.DisplayedReceipts"/>,
/// which never makes the stream wait (issue #13, item 6). A sealed message goes out as an envelope
/// (<see cref="ControlDtoMapper.ToDto(Core.StoredMessage)"/>: <c>text</c> null).
/// The web page's <c>GET /api/v1/events</c> (issue #14, item 2) is the same stream framed as
/// server-sent events (HTML Living Standard §9.2: <c>text/event-stream</c>, each message one
/// <c>data:</c> line and a blank line; the JSON has no raw line breaks, so one line suffices).
/// </summary>
internal static class ControlListenStream
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly byte[] EventStart = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>Content type of the server-sent events form.</summary>
    public const string EventStreamContentType = "text/event-stream; charset=utf-8";

    public static async Task RunAsync(HttpContext context, IDaemonControl control, uint uid, ILogger logger, CancellationToken stopping, Sinks.DisplayedReceipts? displayed = null, bool serverSentEvents = false)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = serverSentEvents ? EventStreamContentType : ControlRequestHandler.ListenContentType;
        response.Headers.CacheControl = "no-cache";

        var messages = control.Listen(uid, token).GetAsyncEnumerator(token);
        long count = 0;
        ControlLog.ListenOpened(logger, uid);
        try
        {
            await response.StartAsync(token).ConfigureAwait(false);
            await response.Body.FlushAsync(token).ConfigureAwait(false);
            while (await messages.MoveNextAsync().ConfigureAwait(false))
            {
                var stored = messages.Current;
                if (!ControlAuthorization.MayReadMessage(stored.Message, uid))
                {
                    continue;
                }

                var line = JsonSerializer.SerializeToUtf8Bytes(ControlDtoMapper.ToDto(stored), ControlJsonContext.Default.MessageDto);
                if (serverSentEvents)
                {
                    await response.Body.WriteAsync(EventStart, token).ConfigureAwait(false);
                }

                await response.Body.WriteAsync(line, token).ConfigureAwait(false);
                await response.Body.WriteAsync(serverSentEvents ? EventEnd : NewLine, token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
                displayed?.Offer(stored);
                count++;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // client gone or daemon stopping: the stream ends here
        }
        catch (IOException)
        {
            // the client closed its end while we wrote
        }
        finally
        {
            // Ends the subscription however the stream ended, read or not (MessageFeed.Subscribe).
            await linked.CancelAsync().ConfigureAwait(false);
            await messages.DisposeAsync().ConfigureAwait(false);
            ControlLog.ListenClosed(logger, uid, count);
        }
    }
}
