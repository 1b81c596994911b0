using System.Net.Sockets;
using System.Text;

namespace Messngr.Daemon.Tests.Quiet;

/// <summary>
/// A raw <c>GET /v1/listen?…</c> over the control socket (HTTP/1.0: the answer is not chunked),
/// reading the ndjson lines as a display (the agent, the web page) would.
/// </summary>
internal sealed class DisplayStreamClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;

    private DisplayStreamClient(Socket socket, StreamReader reader, string status)
    {
        _socket = socket;
        _reader = reader;
        Status = status;
    }

    /// <summary>The status line of the answer, e.g. "HTTP/1.1 200 OK".</summary>
    public string Status { get; }

    public static async Task<DisplayStreamClient> OpenAsync(string socketPath, string target)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.0\r\nHost: messngr\r\n\r\n"));
        var reader = new StreamReader(stream, Encoding.UTF8);
        var status = await reader.ReadLineAsync() ?? string.Empty;
        while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
        {
            // headers
        }

        return new DisplayStreamClient(socket, reader, status);
    }

    /// <summary>The next message line (within a generous safety net); null when the daemon ended the stream.</summary>
    public async Task<string?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _reader.ReadLineAsync(timeout.Token);
    }

    /// <summary>The seq of the next message line.</summary>
    public async Task<long> NextSeqAsync()
    {
        var line = await NextAsync() ?? throw new InvalidOperationException("the stream ended");
        using var json = System.Text.Json.JsonDocument.Parse(line);
        return json.RootElement.GetProperty("seq").GetInt64();
    }

    /// <summary>Reads the rest of the answer (an error body).</summary>
    public async Task<string> RestAsync() => await _reader.ReadToEndAsync();

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
