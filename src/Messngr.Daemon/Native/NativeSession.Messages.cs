using Messngr.Daemon.Core;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Native;

/// <summary>
/// The MESSAGEs of an accepting session (docs/native-protocol.md §6.3, §11; issue #13, receiver
/// speed): those that arrived together are checked, the ones that pass committed in one batch
/// (one transaction, one fsync), and all of them answered together — <em>stored</em> only after
/// that commit returned — in one write.
/// </summary>
internal sealed partial class NativeSession
{
    /// <summary>The MESSAGEs gathered so far, handed on as one request batch (nothing when none).</summary>
    private void HandArrivedMessages(CancellationToken cancellationToken)
    {
        if (_arrived.Count > 0)
        {
            var batch = _arrived;
            _arrived = [];
            Track(HandleMessagesAsync(batch, cancellationToken));
        }
    }

    /// <summary>
    /// §11: each checked; those that pass committed together (one transaction), then every one
    /// answered — <c>stored</c> never before the commit returned, refused with the reason otherwise
    /// — with all the answers in one write.
    /// </summary>
    private async Task HandleMessagesAsync(List<MessageFrame> frames, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            var answers = await DeliverAsync(frames).ConfigureAwait(false);
            // §6.3: the answer frees the sender's slot, which it may fill at once: the stream is
            // closed before the answer leaves, or that next request would be "too many in flight".
            CloseStreams(frames);
            var encoded = new ReadOnlyMemory<byte>[answers.Length];
            for (var i = 0; i < answers.Length; i++)
            {
                encoded[i] = NativeFrameCodec.Encode(answers[i].Receipt);
            }

            try
            {
                if (!_failed)
                {
                    await _channel.SendAllAsync(encoded, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                foreach (var (_, log) in answers)
                {
                    log?.Invoke(); // after the answers: the log lines are not on the sender's round trip
                }
            }
        }
        catch (Exception ex) when (ex is TlsChannelException or OperationCanceledException)
        {
            // The connection went away: the answers are lost, the peer retries and dedupe makes that safe.
        }
        finally
        {
            CloseStreams(frames);
        }
    }

    private void CloseStreams(List<MessageFrame> frames)
    {
        lock (_open)
        {
            foreach (var frame in frames)
            {
                _open.Remove(frame.StreamId);
            }
        }
    }

    /// <summary>Each frame's answer (and its log line, null when there is none at this level), in order.</summary>
    private async Task<(ReceiptFrame Receipt, Action? Log)[]> DeliverAsync(List<MessageFrame> frames)
    {
        var now = _context.Time.GetUtcNow();
        var answers = new (ReceiptFrame Receipt, Action? Log)[frames.Count];
        var messages = new List<ReceivedMessage>(frames.Count);
        var slots = new List<int>(frames.Count);
        Dictionary<string, string?>? recipients = null; // one name lookup per distinct RECIPIENT in the batch
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (!(recipients ??= new(StringComparer.Ordinal)).TryGetValue(frame.Recipient, out var to))
            {
                recipients[frame.Recipient] = to = _context.MatchRecipient(frame.Recipient);
            }

            if (Check(frame, to, now) is { } message)
            {
                messages.Add(message);
                slots.Add(i);
            }
            else
            {
                answers[i] = Refusal(frame, to, now);
            }
        }

        if (messages.Count == 0)
        {
            return answers;
        }

        var stored = _context.CommitMany is { } commitMany
            ? await commitMany(messages).ConfigureAwait(false)
            : await Task.WhenAll(messages.Select(_context.Commit)).ConfigureAwait(false);
        for (var k = 0; k < slots.Count; k++)
        {
            answers[slots[k]] = Answer(frames[slots[k]], messages[k], stored[k], now);
        }

        return answers;
    }

    /// <summary>Why §11 refuses <paramref name="frame"/> (recipient, id, expiry, clock, correlation key), or null when it is to be committed.</summary>
    private (NativeRefusalReason Reason, string Why)? Problem(MessageFrame frame, string? to, DateTimeOffset now)
    {
        var created = NativeFrameCodec.FromWire(frame.CreatedAt);
        DateTimeOffset? expires = frame.ExpiresAt == 0 ? null : NativeFrameCodec.FromWire(frame.ExpiresAt);
        var key = frame.CorrelationKey.Length == 0 ? null : frame.CorrelationKey;
        return NativeFrameCodec.FromWire(frame.MessageId) is null ? (NativeRefusalReason.Invalid, "the message id is not a UUIDv7")
            : to is null ? (NativeRefusalReason.NotHere, "not here: no such name on this node")
            : expires < created ? (NativeRefusalReason.Invalid, "it expires before it was created")
            : expires <= now ? (NativeRefusalReason.Expired, "it expired before it arrived")
            : created < now - _context.Limits.NativeDedupeWindow ? (NativeRefusalReason.Expired, "it is older than this node's dedupe window")
            : created > now + _context.Limits.NativeAllowedClockSkew ? (NativeRefusalReason.ClockSkew, "it was created in this node's future; check both clocks")
            : key is not null && CorrelationKey.Problem(key) is { } problem ? (NativeRefusalReason.Invalid, problem)
            : null;
    }

    /// <summary>The message to commit, with the sender <em>verified</em> (the TLS peer's node id and the frame's user); null when refused.</summary>
    private ReceivedMessage? Check(MessageFrame frame, string? to, DateTimeOffset now)
    {
        if (Problem(frame, to, now) is not null)
        {
            return null;
        }

        var key = frame.CorrelationKey.Length == 0 ? null : frame.CorrelationKey;
        return new ReceivedMessage(frame.SenderUser, to!, frame.Text, MessageTransport.Native, _channel.RemoteEndPoint, now)
        {
            MessageId = NativeFrameCodec.FromWire(frame.MessageId)!.Value,
            Sender = new SenderIdentity.Native(_peer, frame.SenderUser),
            Priority = (Priority)frame.Priority,
            ExpiresAt = frame.ExpiresAt == 0 ? null : NativeFrameCodec.FromWire(frame.ExpiresAt),
            CorrelationKey = key,
            ReplyTo = NativeFrameCodec.FromWire(frame.ReplyTo),
            Sealed = frame.Sealed, // MESSAGE-FLAGS bit 0 (§5.3)
        };
    }

    private (ReceiptFrame, Action?) Refusal(MessageFrame frame, string? to, DateTimeOffset now)
    {
        var (reason, why) = Problem(frame, to, now)!.Value;
        return (Refused(frame, reason, why, now), () => NativeSessionLog.Refused(_context.Logger, frame.MessageId.ToString(), _peer, reason.ToString(), why));
    }

    /// <summary><c>stored</c> (again, for a duplicate) once committed; refused storage-full when the commit failed.</summary>
    private (ReceiptFrame, Action?) Answer(MessageFrame frame, ReceivedMessage message, StoredMessage? stored, DateTimeOffset now)
    {
        if (stored is null)
        {
            const string why = "this node could not commit it (store busy or failing); retry later";
            return (Refused(frame, NativeRefusalReason.StorageFull, why, now), () => NativeSessionLog.Refused(_context.Logger, frame.MessageId.ToString(), _peer, nameof(NativeRefusalReason.StorageFull), why));
        }

        var receipt = new ReceiptFrame(frame.StreamId, frame.MessageId, NativeReceiptState.Stored, NativeRefusalReason.None, NativeFrameCodec.ToWire(stored.CommittedAt ?? _context.Time.GetUtcNow()), stored.Duplicate ? "already stored" : string.Empty);
        if (!_context.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            return (receipt, null);
        }

        return (receipt, () => NativeSessionLog.Stored(_context.Logger, message.MessageId.ToString(), Display.TerminalText.Sanitize(frame.SenderUser), _peer, message.To, stored.Duplicate ? " (again: a duplicate, not stored twice)" : string.Empty));
    }

    private static ReceiptFrame Refused(MessageFrame frame, NativeRefusalReason reason, string detail, DateTimeOffset now) =>
        new(frame.StreamId, frame.MessageId, NativeReceiptState.Refused, reason, NativeFrameCodec.ToWire(now), detail);
}
