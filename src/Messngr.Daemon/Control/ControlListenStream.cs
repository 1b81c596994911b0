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
/// <c>?display=NAME</c> (the desktop agent, the web page) makes it a display's stream, which holds
/// messages back while the user is quiet (<see cref="ControlDisplayStream"/>, issue #14, item 3);
/// plain listen is never held. <c>display=agent</c> reports no displayed receipt when a line is
/// flushed: the agent posts <c>/v1/messages/{seq}/displayed</c> once its notification is on screen.
/// <c>&amp;events=read</c> (a display's stream only) adds a <see cref="ReadEventDto"/> line whenever
/// one of the caller's messages is read elsewhere (<see cref="ReadEventFeed"/>); without it the
/// stream is as it always was.
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

    public static async Task RunAsync(HttpContext context, IDaemonControl control, uint uid, ILogger logger, CancellationToken stopping, Sinks.DisplayedReceipts? displayed = null, Core.DaemonLimits? limits = null, bool serverSentEvents = false)
    {
        string? display = null;
        if (context.Request.Query.TryGetValue("display", out var displays))
        {
            if (displays.Count != 1 || !Quiet.HeldMarks.IsValidDisplay(displays[0]))
            {
                await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, "display must be a display name: 1 to 32 of a-z, 0-9 and '-' (agent, web)").ConfigureAwait(false);
                return;
            }

            display = displays[0];
        }

        var readEvents = false;
        if (context.Request.Query.TryGetValue("events", out var events))
        {
            if (display is null || serverSentEvents || events.Count != 1 || events[0] != ReadEventDto.Read)
            {
                await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, "events must be 'read', on a display's stream (display=NAME&events=read)").ConfigureAwait(false);
                return;
            }

            readEvents = true;
        }

        // The agent reports "on screen" itself, once Notify returned (ControlDisplayedEndpoints).
        var reportsDisplayed = display != ControlDisplayedEndpoints.AgentDisplay;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = serverSentEvents ? EventStreamContentType : ControlRequestHandler.ListenContentType;
        response.Headers.CacheControl = "no-cache";

        var messages = control.Listen(uid, token).GetAsyncEnumerator(token);
        var reads = readEvents ? control.ReadEvents.Subscribe(uid, (limits ?? Core.DaemonLimits.Default).DisplayReadEventQueue, token) : null;
        using var writing = new SemaphoreSlim(1, 1); // messages and read events share the response body
        Task? readPump = null;
        long count = 0;
        ControlDisplayStream? displayStream = null;
        ControlLog.ListenOpened(logger, uid);
        try
        {
            await response.StartAsync(token).ConfigureAwait(false);
            await response.Body.FlushAsync(token).ConfigureAwait(false);
            async Task WriteAsync(Core.StoredMessage stored, CancellationToken cancellationToken)
            {
                var line = JsonSerializer.SerializeToUtf8Bytes(ControlDtoMapper.ToDto(stored), ControlJsonContext.Default.MessageDto);
                await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (serverSentEvents)
                    {
                        await response.Body.WriteAsync(EventStart, cancellationToken).ConfigureAwait(false);
                    }

                    await response.Body.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                    await response.Body.WriteAsync(serverSentEvents ? EventEnd : NewLine, cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    writing.Release();
                }

                if (reportsDisplayed)
                {
                    displayed?.Offer(stored);
                }

                count++;
            }

            if (reads is not null)
            {
                readPump = WriteReadEventsAsync(reads, response.Body, writing, linked);
            }

            if (display is not null && control.Quiet is { } quiet)
            {
                displayStream = new ControlDisplayStream(control, quiet, uid, display, limits ?? Core.DaemonLimits.Default, WriteAsync);
                await displayStream.RunAsync(messages, token).ConfigureAwait(false);
                return;
            }

            while (await messages.MoveNextAsync().ConfigureAwait(false))
            {
                var stored = messages.Current;
                if (!ControlAuthorization.MayReadMessage(stored.Message, uid))
                {
                    continue;
                }

                await WriteAsync(stored, token).ConfigureAwait(false);
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
            if (displayStream?.Pending is { } pending)
            {
                // Cancelled above, it ends now; an async iterator cannot be disposed while it moves.
                await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (readPump is not null)
            {
                await readPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await messages.DisposeAsync().ConfigureAwait(false);
            ControlLog.ListenClosed(logger, uid, count);
        }
    }

    /// <summary>
    /// Writes a <c>{"event":"read",…}</c> line per read of the caller's messages (events=read),
    /// between message lines; a write that fails ends the whole stream (it cancels <paramref name="stream"/>).
    /// </summary>
    private static async Task WriteReadEventsAsync(System.Threading.Channels.ChannelReader<Core.StoredMessage> reads, Stream body, SemaphoreSlim writing, CancellationTokenSource stream)
    {
        var token = stream.Token;
        try
        {
            await foreach (var read in reads.ReadAllAsync(token).ConfigureAwait(false))
            {
                var line = JsonSerializer.SerializeToUtf8Bytes(new ReadEventDto(ReadEventDto.Read, read.Id, read.Message.MessageId.ToString()), ControlJsonContext.Default.ReadEventDto);
                await writing.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    await body.WriteAsync(line, token).ConfigureAwait(false);
                    await body.WriteAsync(NewLine, token).ConfigureAwait(false);
                    await body.FlushAsync(token).ConfigureAwait(false);
                }
                finally
                {
                    writing.Release();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            await stream.CancelAsync().ConfigureAwait(false);
        }
    }
}
