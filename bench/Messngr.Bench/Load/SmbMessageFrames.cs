using System.Buffers.Binary;
using System.Text;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Bench.Load;

/// <summary>
/// The frames <c>smbclient -M NAME</c> sends (protocols.md §5.2, §6.4), built once with the Wire
/// codecs: SESSION REQUEST to NAME&lt;03&gt; from MBCLIENT&lt;00&gt;, D5 (originator, destination),
/// one D7 block with the text (which ends in a newline, so a line counts a message in Samba's and
/// the limit's logs), D6. D7 and D6 are patched with the group id of the D5 reply.
/// </summary>
public sealed class SmbMessageFrames
{
    /// <summary>Offset of MessageGroupId in a D7/D6 frame: NBSS header 4 + SMB header 32 + WordCount 1.</summary>
    private const int GroupIdOffset = NbssPacket.HeaderLength + SmbHeader.Length + 1;

    public SmbMessageFrames(string calledName, string text)
    {
        SessionRequest = new SessionRequestPacket(NetBiosName.Create(calledName, NetBiosName.SuffixMessenger), NetBiosName.Create("MBCLIENT", NetBiosName.SuffixWorkstation)).ToArray();
        Start = Frame(SmbMessage.Request(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, SendStartMbRequest.Create("bench", calledName)));
        Text = Frame(SmbMessage.Request(SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, SendTextMbRequest.Create(0, Encoding.ASCII.GetBytes(text))));
        End = Frame(SmbMessage.Request(SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, new SendEndMbRequest(0)));
    }

    public byte[] SessionRequest { get; }

    public byte[] Start { get; }

    public byte[] Text { get; }

    public byte[] End { get; }

    /// <summary>A copy of <paramref name="frame"/> (D7 or D6) carrying <paramref name="groupId"/>.</summary>
    public static void SetGroupId(byte[] frame, ushort groupId) => BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(GroupIdOffset), groupId);

    /// <summary>
    /// Whether <paramref name="reply"/> (a whole NBSS frame) is a successful SMB reply to
    /// <paramref name="command"/>: session message, \xFFSMB, that command, reply flag, status 0.
    /// </summary>
    public static bool IsSuccess(ReadOnlySpan<byte> reply, SmbCommand command) =>
        reply.Length >= NbssPacket.HeaderLength + SmbHeader.Length + 3 && reply[0] == 0
        && reply[4] == 0xFF && reply[5] == (byte)'S' && reply[6] == (byte)'M' && reply[7] == (byte)'B'
        && reply[8] == (byte)command && BinaryPrimitives.ReadUInt32LittleEndian(reply[9..]) == 0 && (reply[13] & 0x80) != 0;

    /// <summary>The group id of a D5 reply: its word if WordCount ≥ 1, else 0 (Samba, protocols.md §6.6).</summary>
    public static ushort GroupId(ReadOnlySpan<byte> reply)
    {
        const int words = NbssPacket.HeaderLength + SmbHeader.Length;
        return reply[words] >= 1 ? BinaryPrimitives.ReadUInt16LittleEndian(reply[(words + 1)..]) : (ushort)0;
    }

    private static byte[] Frame(SmbMessage message) => new SessionMessagePacket(WirePacket.ToArray(message)).ToArray();
}
