using System.Net;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Daemon.Sending.Transports;

/// <summary>
/// <c>net send NAME</c> over an NBSS session (protocols.md §4.3, §5, §6): TCP connect → SESSION
/// REQUEST to <c>NAME&lt;03&gt;</c> (retarget followed once) → text that fits one block: NEGOTIATE
/// "NT LM 0.12" then SMB_COM_SEND_MESSAGE (0xD0) — smbd 4.17 drops 0xD0 without a negotiate
/// (§6.5) — otherwise SEND_START_MB (0xD5), SEND_TEXT_MB (0xD7) per 128-byte block, SEND_END_MB
/// (0xD6), as Windows does ([MS-MSRP] 3.2.4.4, note &lt;25&gt;; §6.4). Every reply is checked.
/// </summary>
internal sealed class SmbMessageSender
{
    /// <summary>Largest whole text we send: what our receivers reassemble (<see cref="MessageLimits.MultiBlockMessageBytes"/>).</summary>
    public const int MaxTextBytes = MessageLimits.MultiBlockMessageBytes;

    private readonly TransportSettings _settings;

    public SmbMessageSender(TransportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Validate();
    }

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="endpoint"/> (normally port 139), calling
    /// <paramref name="calledName"/> (the recipient's <c>&lt;03&gt;</c> name) as
    /// <paramref name="callingName"/> (our <c>&lt;00&gt;</c> name). Never throws for network or peer
    /// trouble; cancellation by <paramref name="cancellationToken"/> throws as usual. With
    /// <see cref="TransportSettings.BlockingIo"/> every wait is also bounded by <paramref name="deadline"/>.
    /// </summary>
    public async Task<TransportResult> SendAsync(IPEndPoint endpoint, NetBiosName calledName, NetBiosName callingName, ClassicMessage message,
        SendTrace? trace, SendDeadline deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(calledName);
        ArgumentNullException.ThrowIfNull(callingName);
        ArgumentNullException.ThrowIfNull(message);
        NbssConnection? connection = null;
        try
        {
            var plan = Prepare(message);
            trace?.Invoke(plan.Single
                ? $"smb: {plan.Text.Length} bytes of text in code page {_settings.Oem.CodePage}: one SMB_COM_SEND_MESSAGE block"
                : $"smb: {plan.Text.Length} bytes of text in code page {_settings.Oem.CodePage}: {plan.Blocks.Count} SMB_COM_SEND_TEXT_MB_MESSAGE blocks");
            connection = await OpenSessionAsync(endpoint, calledName, callingName, trace, deadline, cancellationToken).ConfigureAwait(false);
            var result = plan.Single && await NegotiateAsync(connection, trace, cancellationToken).ConfigureAwait(false)
                ? await SendSingleAsync(connection, plan, trace, cancellationToken).ConfigureAwait(false)
                : await SendMultiBlockAsync(connection, plan, trace, cancellationToken).ConfigureAwait(false);
            connection.Close();
            trace?.Invoke($"smb: closed the connection to {connection.Remote}");
            return result;
        }
        catch (TransportFailure failure)
        {
            trace?.Invoke($"smb: {failure.Result.Outcome}: {failure.Result.Detail}");
            // No connection object: the TCP connect or the session request failed.
            return connection is null && failure.Result.Outcome is not SendOutcome.Invalid ? failure.Result with { NoSession = true } : failure.Result;
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private sealed record Plan(SendMessageRequest? SingleRequest, SendStartMbRequest Start, byte[] Text, IReadOnlyList<ReadOnlyMemory<byte>> Blocks)
    {
        public bool Single => SingleRequest is not null;
    }

    /// <summary>Everything checked before any traffic: names ≤ 15 OEM bytes, text representable and within limits.</summary>
    private Plan Prepare(ClassicMessage message)
    {
        var oem = _settings.Oem;
        ClassicText.EncodeName(message.From, oem, "sender name");
        ClassicText.EncodeName(message.To, oem, "recipient name");
        var text = ClassicText.EncodeText(message.Text, oem, _settings.WindowsLineBreaks);
        if (text.Length > MaxTextBytes)
        {
            throw new TransportFailure(SendOutcome.Invalid,
                $"the message is {text.Length} bytes in code page {oem.CodePage}; the SMB path sends at most {MaxTextBytes} (receivers show 4,095 characters, [MS-MSRP] note <24>)");
        }

        try
        {
            // [MS-MSRP] 2.2.3.1: names are 15 bytes at most; Create enforces that and names the field.
            var start = SendStartMbRequest.Create(message.From, message.To, oem);
            var single = text.Length <= MessageLimits.SmbBlockBytes ? SendMessageRequest.Create(message.From, message.To, text, oem) : null;
            return new Plan(single, start, text, MessageText.SplitBlocks(text, MessageLimits.SmbBlockBytes));
        }
        catch (ArgumentException ex)
        {
            throw new TransportFailure(SendOutcome.Invalid, ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>RFC 1002 5.2.2 / protocols.md §5.1–5.2: connect and, unless told not to, the session request; one retarget followed.</summary>
    private async Task<NbssConnection> OpenSessionAsync(IPEndPoint endpoint, NetBiosName calledName, NetBiosName callingName, SendTrace? trace, SendDeadline deadline, CancellationToken cancellationToken)
    {
        var sessionRequest = _settings.SendSessionRequest ?? endpoint.Port != 445;
        var target = endpoint;
        for (var attempt = 0; ; attempt++)
        {
            trace?.Invoke($"smb: connecting to tcp {target}");
            var connection = _settings.BlockingIo
                ? NbssConnection.Connect(target, _settings.Timeout, deadline, cancellationToken)
                : await NbssConnection.ConnectAsync(target, _settings.Timeout, cancellationToken).ConfigureAwait(false);
            if (!sessionRequest)
            {
                trace?.Invoke($"smb: connected to {target}; no session request (direct SMB port)");
                return connection;
            }

            try
            {
                trace?.Invoke($"smb: session request called {calledName} calling {callingName}");
                await connection.SendAsync(new SessionRequestPacket(calledName, callingName).ToArray(), "session request", cancellationToken).ConfigureAwait(false);
                var reply = await connection.ReadFrameAsync("session request", cancellationToken).ConfigureAwait(false);
                switch (reply)
                {
                    case PositiveSessionResponsePacket:
                        trace?.Invoke("smb: positive session response");
                        return connection;
                    case NegativeSessionResponsePacket negative:
                        throw new TransportFailure(SendOutcome.Refused, $"{target} refused the session to {calledName}: {SmbStatusText.NegativeSessionResponse(negative.ErrorCode)}");
                    case RetargetSessionResponsePacket retarget when attempt == 0:
                        // RFC 1002 §6 allows up to 4 retargets; one is enough for smbd's "netbios retarget" (§5.1).
                        target = new IPEndPoint(retarget.Address, retarget.Port);
                        trace?.Invoke($"smb: retarget session response: reconnecting to {target}");
                        connection.Close();
                        continue;
                    case RetargetSessionResponsePacket retarget:
                        throw new TransportFailure(SendOutcome.ProtocolError, $"{target} retargeted the session again (to {retarget.Address}:{retarget.Port}); following one retarget only");
                    default:
                        throw new TransportFailure(SendOutcome.ProtocolError, $"{target} answered the session request with a {reply.Type} frame");
                }
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// SMB_COM_NEGOTIATE offering NT LM 0.12 ([MS-CIFS] 2.2.4.52), needed before 0xD0 by smbd 4.17
    /// (protocols.md §6.5). False when the peer declines (error or no dialect): the caller then uses
    /// the multi-block form, which needs no negotiate.
    /// </summary>
    private static async Task<bool> NegotiateAsync(NbssConnection connection, SendTrace? trace, CancellationToken cancellationToken)
    {
        trace?.Invoke($"smb: SMB_COM_NEGOTIATE offering \"{NegotiateRequest.NtLm012}\"");
        var request = SmbMessage.Request(SmbCommand.SMB_COM_NEGOTIATE, NegotiateRequest.Messenger);
        var reply = await ExchangeAsync(connection, request, "SMB_COM_NEGOTIATE", allowError: true, cancellationToken).ConfigureAwait(false);
        if (reply.Header.IsError)
        {
            trace?.Invoke($"smb: negotiate declined ({SmbStatusText.Error(reply.Header)}); sending the multi-block form instead");
            return false;
        }

        var index = reply.Body switch
        {
            NegotiateNtLmResponse nt => (int)nt.DialectIndex,
            NegotiateCoreResponse core => core.DialectIndex,
            _ => -1,
        };
        if (index != 0)
        {
            trace?.Invoke($"smb: negotiate chose no offered dialect (index {index}); sending the multi-block form instead");
            return false;
        }

        trace?.Invoke($"smb: negotiated \"{NegotiateRequest.NtLm012}\"");
        return true;
    }

    private static async Task<TransportResult> SendSingleAsync(NbssConnection connection, Plan plan, SendTrace? trace, CancellationToken cancellationToken)
    {
        trace?.Invoke($"smb: SMB_COM_SEND_MESSAGE with {plan.Text.Length} bytes");
        var request = SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, plan.SingleRequest!);
        await ExchangeAsync(connection, request, "SMB_COM_SEND_MESSAGE", allowError: false, cancellationToken).ConfigureAwait(false);
        trace?.Invoke("smb: SMB_COM_SEND_MESSAGE accepted");
        return new TransportResult(SendOutcome.Delivered, $"{connection.Remote} accepted the message (SMB_COM_SEND_MESSAGE, {plan.Text.Length} bytes)", 1);
    }

    private static async Task<TransportResult> SendMultiBlockAsync(NbssConnection connection, Plan plan, SendTrace? trace, CancellationToken cancellationToken)
    {
        trace?.Invoke("smb: SMB_COM_SEND_START_MB_MESSAGE");
        var started = await ExchangeAsync(connection, SmbMessage.Request(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, plan.Start),
            "SMB_COM_SEND_START_MB_MESSAGE", allowError: false, cancellationToken).ConfigureAwait(false);
        // smbd 4.17 answers WordCount 0 (no id): use 0 (protocols.md §6.6, §9.3 item 3).
        var groupId = ((SendStartMbResponse)started.Body).EffectiveMessageGroupId;
        trace?.Invoke($"smb: message group id {groupId}");
        for (var i = 0; i < plan.Blocks.Count; i++)
        {
            var step = $"SMB_COM_SEND_TEXT_MB_MESSAGE block {i + 1} of {plan.Blocks.Count}";
            trace?.Invoke($"smb: {step} ({plan.Blocks[i].Length} bytes)");
            await ExchangeAsync(connection, SmbMessage.Request(SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, SendTextMbRequest.Create(groupId, plan.Blocks[i])),
                step, allowError: false, cancellationToken).ConfigureAwait(false);
        }

        trace?.Invoke("smb: SMB_COM_SEND_END_MB_MESSAGE");
        await ExchangeAsync(connection, SmbMessage.Request(SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, new SendEndMbRequest(groupId)),
            "SMB_COM_SEND_END_MB_MESSAGE", allowError: false, cancellationToken).ConfigureAwait(false);
        trace?.Invoke("smb: SMB_COM_SEND_END_MB_MESSAGE accepted");
        return new TransportResult(SendOutcome.Delivered,
            $"{connection.Remote} accepted the message (multi-block, {plan.Blocks.Count} text blocks, {plan.Text.Length} bytes)", plan.Blocks.Count);
    }

    /// <summary>
    /// Sends one SMB and reads its reply: a session message holding an SMB reply to the same command.
    /// An error status is <see cref="SendOutcome.Refused"/> naming it (unless <paramref name="allowError"/>);
    /// anything else unexpected is <see cref="SendOutcome.ProtocolError"/>.
    /// </summary>
    private static async Task<SmbMessage> ExchangeAsync(NbssConnection connection, SmbMessage request, string step, bool allowError, CancellationToken cancellationToken)
    {
        await connection.SendAsync(request.ToSessionMessage(), step, cancellationToken).ConfigureAwait(false);
        var frame = await connection.ReadFrameAsync(step, cancellationToken).ConfigureAwait(false);
        if (frame is not SessionMessagePacket session)
        {
            throw new TransportFailure(SendOutcome.ProtocolError, $"{connection.Remote} answered the {step} with a {frame.Type} frame");
        }

        if (!SmbMessage.TryParse(session.Payload.Span, out var reply, out var error))
        {
            var what = SmbMessage.IsSmb2(session.Payload.Span) ? "an SMB2 message" : $"not a valid SMB reply ({error})";
            throw new TransportFailure(SendOutcome.ProtocolError, $"{connection.Remote} answered the {step} with {what}");
        }

        if (!reply!.Header.IsReply || reply.Command != request.Command)
        {
            throw new TransportFailure(SendOutcome.ProtocolError,
                $"{connection.Remote} answered the {step} with {(reply.Header.IsReply ? "a reply to" : "a request")} 0x{(byte)reply.Command:X2}");
        }

        if (reply.Header.IsError && !allowError)
        {
            throw new TransportFailure(SendOutcome.Refused, $"{connection.Remote} refused the {step}: {SmbStatusText.Error(reply.Header)}");
        }

        return reply;
    }
}
