using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Daemon.Tests.Listeners;

/// <summary>A client connection to a session listener on loopback that sends frames and reads NBSS frames back.</summary>
internal sealed class NbssClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<byte> _pending = [];
    private NetworkStream _stream = null!;

    /// <summary>
    /// A client from <paramref name="source"/> (127.0.0.1 unless told; any 127/8 address is a
    /// different source to the listener), with a small receive buffer when <paramref name="receiveBuffer"/> is set.
    /// </summary>
    public NbssClient(IPAddress? source = null, int? receiveBuffer = null)
    {
        if (receiveBuffer is { } size)
        {
            _socket.ReceiveBufferSize = size;
        }

        _socket.Bind(new IPEndPoint(source ?? IPAddress.Loopback, 0));
    }

    public NetworkStream Stream => _stream;

    public static byte[] SessionRequest(string called, byte suffix = 3) =>
        new SessionRequestPacket(NetBiosName.Create(called, suffix), NetBiosName.Create("SENDERPC", 0)).ToArray();

    /// <summary>Connects and opens an NBSS session to <paramref name="called"/>&lt;03&gt;, asserting the positive response.</summary>
    public static async Task<NbssClient> OpenSessionAsync(int port, string called = "HOSTB", IPAddress? source = null)
    {
        var client = new NbssClient(source);
        await client.ConnectAsync(port);
        await client.SendAsync(SessionRequest(called));
        Assert.IsType<PositiveSessionResponsePacket>(await client.ReadAsync());
        return client;
    }

    public async Task ConnectAsync(int port)
    {
        await _socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        _stream = new NetworkStream(_socket, ownsSocket: false);
    }

    /// <summary>Connects and waits until the server closes the connection unasked (a refusal at accept); false if it stays open.</summary>
    public async Task<bool> IsClosedAtAcceptAsync(int port, TimeSpan safetyNet)
    {
        try
        {
            await ConnectAsync(port);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true; // the reset came before connect(2) reported
        }

        return await WaitForCloseAsync(safetyNet);
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public Task SendAsync(SmbMessage message) => SendAsync(message.ToSessionMessage());

    /// <summary>The next frame, or null when the server closed the connection.</summary>
    public async Task<NbssPacket?> ReadAsync(int timeoutMilliseconds = 5000)
    {
        var chunk = new byte[4096];
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_pending.ToArray());
            if (NbssPacket.TryReadFrame(ref sequence, out var frame, out _) == NbssReadResult.Frame)
            {
                _pending.RemoveRange(0, _pending.Count - (int)sequence.Length);
                return frame;
            }

            using var timeout = new CancellationTokenSource(timeoutMilliseconds);
            int read;
            try
            {
                read = await _stream.ReadAsync(chunk, timeout.Token);
            }
            catch (IOException)
            {
                return null; // reset by the server
            }

            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(chunk.AsSpan(0, read).ToArray());
        }
    }

    /// <summary>
    /// Reads and discards until the server closes the connection: true when it did within
    /// <paramref name="safetyNet"/> (a bound for a loaded machine, not the behaviour under test).
    /// </summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan safetyNet)
    {
        var chunk = new byte[4096];
        using var timeout = new CancellationTokenSource(safetyNet);
        try
        {
            while (await _stream.ReadAsync(chunk, timeout.Token) > 0)
            {
                // replies before the close are not what this waits for
            }

            return true;
        }
        catch (IOException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task<SmbMessage> ReadSmbAsync()
    {
        var frame = Assert.IsType<SessionMessagePacket>(await ReadAsync());
        Assert.True(SmbMessage.TryParse(frame.Payload.Span, out var smb, out var error), error.ToString());
        return smb!;
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _socket.Dispose();
    }
}
