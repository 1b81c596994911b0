using System.Text;
using Messngr.Wire;

namespace Messngr.Daemon.Sending.Transports;

/// <summary>
/// Settings shared by the classic senders (style.md: one immutable record per concern, defaults in
/// code). The ports are the well-known ones (protocols.md §3, §5, §7.8); tests put loopback ports here.
/// </summary>
internal sealed record TransportSettings
{
    public static TransportSettings Default { get; } = new();

    /// <summary>The OEM code page of names and text; there is no code-page field on the wire (protocols.md §8).</summary>
    public Encoding Oem { get; init; } = OemCodePage.Default;

    /// <summary>
    /// Bound on each step: the TCP connect, each SMB reply (protocols.md §5–§6), the whole
    /// NetrSendMessage exchange with its retransmissions (§7).
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the SMB path does its I/O on the calling thread: a non-blocking connect awaited with
    /// poll(2), then blocking sends and receives bounded by SO_SNDTIMEO/SO_RCVTIMEO (each wait by the
    /// step timeout and the recipient's <see cref="SendDeadline"/>). For a one-shot process
    /// (<c>messngr send</c>): no socket-engine, timer or thread-pool thread is started, about a
    /// millisecond of start-up (issue #6). False (asynchronous sockets) for a long-running host.
    /// </summary>
    public bool BlockingIo { get; init; }

    /// <summary>TCP port of the NetBIOS session service (RFC 1002 §4.3, protocols.md §5).</summary>
    public int SessionPort { get; init; } = 139;

    /// <summary>UDP port of the endpoint mapper that forwards NetrSendMessage (protocols.md §7.8).</summary>
    public int RpcPort { get; init; } = 135;

    /// <summary>
    /// UDP port a mailslot datagram is sent from (protocols.md §3.1: SOURCE_PORT normally 138).
    /// 0 means an ephemeral port without trying 138.
    /// </summary>
    public int DatagramPort { get; init; } = 138;

    /// <summary>
    /// Whether to open the TCP session with an NBSS SESSION REQUEST. Null: yes, unless the port is
    /// 445 (direct-hosted SMB takes no session request; smbclient skips it on any port but 139,
    /// protocols.md §5.2, §9.3 item 8 — we keep it for loopback test ports).
    /// </summary>
    public bool? SendSessionRequest { get; init; }

    /// <summary>
    /// Line breaks in the text: false (default) sends CR LF, as smbclient does and smbd turns back
    /// into LF (protocols.md §6.4, §6.7); true sends the single byte 0x14 as Windows does
    /// ([MS-MSRP] 2.2.3.1.1, note &lt;4&gt;; protocols.md §4.2, §8).
    /// </summary>
    public bool WindowsLineBreaks { get; init; }

    /// <summary>Checks the values once; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public TransportSettings Validate()
    {
        ArgumentNullException.ThrowIfNull(Oem, nameof(Oem));
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"Timeout must be between 0 and 10 minutes, got {Timeout}", nameof(Timeout));
        }

        CheckPort(SessionPort, nameof(SessionPort), allowZero: false);
        CheckPort(RpcPort, nameof(RpcPort), allowZero: false);
        CheckPort(DatagramPort, nameof(DatagramPort), allowZero: true);
        return this;
    }

    private static void CheckPort(int port, string name, bool allowZero)
    {
        if (port is < 0 or > 65535 || (port == 0 && !allowZero))
        {
            throw new ArgumentException($"{name} must be a port between {(allowZero ? 0 : 1)} and 65535, got {port}", name);
        }
    }
}
