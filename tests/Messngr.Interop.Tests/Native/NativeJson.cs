using System.Text.Json.Nodes;
using Messngr.Wire.Native;

namespace Messngr.Interop.Tests.Native;

/// <summary>
/// messngr's frames in the JSON shape <c>peers/native_decode.py</c> prints and reads, so that
/// the two implementations can be compared field by field.
/// </summary>
internal static class NativeJson
{
    public static readonly IReadOnlyDictionary<NativeErrorCode, string> ErrorNames = new Dictionary<NativeErrorCode, string>
    {
        [NativeErrorCode.Malformed] = "malformed",
        [NativeErrorCode.UnsupportedVersion] = "unsupported-version",
        [NativeErrorCode.UnknownType] = "unknown-type",
        [NativeErrorCode.FrameTooLarge] = "frame-too-large",
        [NativeErrorCode.InvalidText] = "invalid-text",
        [NativeErrorCode.ProtocolViolation] = "protocol-violation",
        [NativeErrorCode.LimitExceeded] = "limit-exceeded",
    };

    public static JsonObject From(NativeFrame frame)
    {
        var json = new JsonObject { ["type"] = TypeName(frame.Type), ["stream"] = frame.StreamId };
        switch (frame)
        {
            case HelloFrame hello:
                json["versions"] = new JsonArray([.. hello.Versions.Select(v => (JsonNode)(int)v)]);
                AddOffer(json, hello.Offer);
                break;
            case HelloAckFrame ack:
                json["version"] = (int)ack.Version;
                AddOffer(json, ack.Offer);
                break;
            case MessageFrame m:
                json["message_id"] = m.MessageId.ToString();
                json["priority"] = (int)m.Priority;
                json["sealed"] = m.Sealed;
                json["created_at"] = m.CreatedAt;
                json["expires_at"] = m.ExpiresAt;
                json["reply_to"] = m.ReplyTo == Guid.Empty ? null : m.ReplyTo.ToString();
                json["sender_user"] = m.SenderUser;
                json["recipient"] = m.Recipient;
                json["correlation_key"] = m.CorrelationKey;
                json["text"] = m.Text;
                break;
            case ReceiptFrame r:
                json["message_id"] = r.MessageId.ToString();
                json["state"] = r.State.ToString().ToLowerInvariant();
                json["reason"] = (int)r.Reason;
                json["at"] = r.At;
                json["detail"] = r.Detail;
                break;
            case PingFrame ping:
                json["data"] = ping.Data.ToString("x16");
                break;
            case PongFrame pong:
                json["data"] = pong.Data.ToString("x16");
                break;
            case GoodbyeFrame bye:
                json["reason"] = (int)bye.Reason;
                json["text"] = bye.Text;
                break;
            case ErrorFrame error:
                json["code"] = (int)error.Code;
                json["reason"] = error.Reason;
                break;
        }

        return json;
    }

    public static JsonObject From(DiscoveryDatagram datagram) => datagram switch
    {
        AnnounceDatagram a => new JsonObject
        {
            ["type"] = "ANNOUNCE",
            ["timestamp"] = a.Timestamp,
            ["sequence"] = a.Sequence,
            ["port"] = (int)a.Port,
            ["node_id"] = Convert.ToHexStringLower(a.NodeId.AsSpan()),
            ["names"] = new JsonArray([.. a.Names.Select(n => (JsonNode)n)]),
            ["certificate"] = Convert.ToHexStringLower(a.Certificate.AsSpan()),
            ["signature"] = Convert.ToHexStringLower(a.Signature.AsSpan()),
        },
        ProbeDatagram p => new JsonObject
        {
            ["type"] = "PROBE",
            ["timestamp"] = p.Timestamp,
            ["names"] = new JsonArray([.. p.Names.Select(n => (JsonNode)n)]),
        },
        _ => throw new ArgumentException("unknown datagram", nameof(datagram)),
    };

    private static void AddOffer(JsonObject json, NativeOffer offer)
    {
        json["time"] = offer.Time;
        json["max_frame"] = offer.MaxFrameLength;
        json["max_in_flight"] = offer.MaxInFlight;
        json["capabilities"] = (uint)offer.Capabilities;
        json["names"] = new JsonArray([.. offer.Names.Select(n => (JsonNode)n)]);
    }

    private static string TypeName(NativeFrameType type) => type switch
    {
        NativeFrameType.HelloAck => "HELLO-ACK",
        _ => type.ToString().ToUpperInvariant(),
    };
}
