using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Messages;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// One TCP 139 connection: the NBSS session (RFC 1002 §4.3, §5.2) and the SMB1 message commands
/// ([MS-MSRP] 2.2.3, protocols.md §6). Scope of errors (style.md): a malformed frame closes this
/// connection only; a bad command inside a good session gets the SMB error reply. Bounded in time:
/// frame deadlines and the idle timeout (<see cref="SessionDeadlines"/>) while reading, the write
/// timeout while a reply waits for a peer that does not read.
/// </summary>
internal sealed class SmbMessageSession
{
    private readonly Socket _socket;
    private readonly IPEndPoint _peer;
    private readonly SmbCommandHandler _handler;
    private readonly ListenerCounters _counters;
    private readonly LocalNames _names;
    private readonly ILogger _logger;
    private bool _sessionRequested;

    public SmbMessageSession(Socket socket, LocalNames names, MessagePipeline pipeline, ListenerCounters counters, ILogger logger)
    {
        _socket = socket;
        _peer = (IPEndPoint)socket.RemoteEndPoint!;
        _names = names;
        _counters = counters;
        _logger = logger;
        _handler = new SmbCommandHandler(names, pipeline, _peer, counters);
    }

    /// <summary>Rate limits apply to every frame: a flooding connection is closed, others go on.</summary>
    public Policy.InboundPolicy? Policy { get; init; }

    /// <summary>The idle timeout, frame deadlines and write timeout (section "Session service").</summary>
    public DaemonLimits Limits { get; init; } = DaemonLimits.Default;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var socket = _socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        var deadlines = new SessionDeadlines(Limits, TimeProvider.System);
        var reason = "closed by peer";
        var waitingFor = string.Empty;
        try
        {
            while (true)
            {
                using var readDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                (var timeout, waitingFor) = deadlines.NextRead();
                readDeadline.CancelAfter(timeout);
                var result = await reader.ReadAsync(readDeadline.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var close = false;
                var frames = 0;
                while (!close)
                {
                    var read = NbssPacket.TryReadFrame(ref buffer, out var frame, out var error);
                    if (read == NbssReadResult.Incomplete)
                    {
                        break;
                    }

                    frames++;
                    if (read == NbssReadResult.Malformed)
                    {
                        _counters.CountMalformed();
                        reason = $"malformed frame ({PacketErrorText.Of(error)})";
                        close = true;
                        break;
                    }

                    _counters.CountReceived();
                    if (Policy is not null && !Policy.Admit(_peer.Address))
                    {
                        reason = "over the rate limit";
                        close = true;
                        break;
                    }

                    var outcome = frame is SessionMessagePacket message
                        // smbclient -p PORT (not 139) sends no session request (protocols.md §5.2); the
                        // SMB destination is still checked, so a direct session is accepted too.
                        ? await _handler.HandleAsync(message.Payload).ConfigureAwait(false)
                        : HandleSessionFrame(frame!);
                    close = outcome.Close;
                    reason = outcome.Reason ?? reason;
                    if (outcome.Reply is not null)
                    {
                        // A peer that sends requests but never reads the replies fills our send
                        // buffer; it gets the write timeout, not the slot for ever.
                        using var writeDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        writeDeadline.CancelAfter(Limits.SessionWriteTimeout);
                        waitingFor = "write timeout (the peer does not read its replies)";
                        await stream.WriteAsync(outcome.Reply, writeDeadline.Token).ConfigureAwait(false);
                    }
                }

                deadlines.Consumed(frames, pending: buffer.Length);
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (close || result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                reason = "shutdown";
            }
            else
            {
                reason = waitingFor;
                Abort(socket);
            }
        }
        catch (IOException ex)
        {
            reason = ex.Message;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            DaemonLog.SessionClosed(_logger, _peer.ToString(), reason);
        }
    }

    /// <summary>Closes with a reset (SO_LINGER 0): unsent replies to a peer that stalled are discarded, not kept by the kernel.</summary>
    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // already gone
        }
    }

    /// <summary>The answer to an NBSS frame other than a session message.</summary>
    private SmbCommandHandler.Outcome HandleSessionFrame(NbssPacket frame)
    {
        switch (frame)
        {
            case SessionRequestPacket request when !_sessionRequested:
                _sessionRequested = true;
                if (AcceptsCalledName(request.CalledName))
                {
                    return new(PositiveSessionResponsePacket.Instance.ToArray(), false, null);
                }

                // RFC 1002 4.3.4 (issue #11 item 8): a name we hold but take no sessions on (the
                // workgroup group name) is 0x80 "not listening on called name"; a name we do not
                // hold is 0x82 "called name not present".
                _counters.CountIgnored();
                return _names.FindAny(request.CalledName) is { IsGroup: true }
                    ? new(new NegativeSessionResponsePacket(NbssErrorCode.NotListeningOnCalledName).ToArray(), true, $"no sessions on called name {request.CalledName}")
                    : new(new NegativeSessionResponsePacket(NbssErrorCode.CalledNameNotPresent).ToArray(), true, $"called name {request.CalledName} not held here");

            case SessionRequestPacket:
                return new(new NegativeSessionResponsePacket(NbssErrorCode.UnspecifiedError).ToArray(), true, "second session request");

            case SessionKeepAlivePacket:
                return new(null, false, null);

            default:
                _counters.CountMalformed();
                return new(null, true, $"unexpected {frame.Type} from a client");
        }
    }

    // Our <03> names, plus *SMBSERVER<20> that smbclient retries with (protocols.md §5.2).
    private bool AcceptsCalledName(NetBiosName called) =>
        _names.IsMessengerName(called) || _names.Find(called) is { IsGroup: false } || (_names.InScope(called) && called.GetName() is "*SMBSERVER" or "*SMBSERV");
}
