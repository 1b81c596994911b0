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
/// </summary>
internal static class ControlListenStream
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static async Task RunAsync(HttpContext context, IDaemonControl control, uint uid, ILogger logger, CancellationToken stopping, Sinks.DisplayedReceipts? displayed = null)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ControlRequestHandler.ListenContentType;
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
                await response.Body.WriteAsync(line, token).ConfigureAwait(false);
                await response.Body.WriteAsync(NewLine, token).ConfigureAwait(false);
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
