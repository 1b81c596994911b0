using System.Buffers.Binary;
using System.Net.Sockets;

namespace Messngr.Daemon.Control;

/// <summary>
/// The credentials of the process at the other end of a connected Unix socket, from
/// <c>getsockopt(SOL_SOCKET, SO_PEERCRED)</c> (socket(7), unix(7)): <c>struct ucred { pid_t pid;
/// uid_t uid; gid_t gid; }</c>, three native-endian 32-bit fields captured by the kernel at
/// <c>connect()</c>, so the peer cannot forge them.
/// </summary>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const int UcredSize = 12;

    /// <summary>Reads the peer's credentials; false when the socket is not a connected Unix socket.</summary>
    public static bool TryGet(Socket socket, out PeerCredentials credentials)
    {
        credentials = default;
        if (socket.AddressFamily != AddressFamily.Unix || !OperatingSystem.IsLinux())
        {
            return false;
        }

        Span<byte> ucred = stackalloc byte[UcredSize];
        int length;
        try
        {
            length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        if (length < UcredSize)
        {
            return false;
        }

        credentials = Parse(ucred);
        return true;
    }

    /// <summary>Decodes a <c>struct ucred</c> in host byte order.</summary>
    public static PeerCredentials Parse(ReadOnlySpan<byte> ucred) =>
        BitConverter.IsLittleEndian
            ? new(BinaryPrimitives.ReadInt32LittleEndian(ucred), BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]), BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]))
            : new(BinaryPrimitives.ReadInt32BigEndian(ucred), BinaryPrimitives.ReadUInt32BigEndian(ucred[4..]), BinaryPrimitives.ReadUInt32BigEndian(ucred[8..]));
}
