using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Messngr.Send;

/// <summary>
/// One blocking HTTP/1.1 request to the daemon's control socket (issue #15, item 8), over
/// <see cref="UnixStreamSocket"/> (libc, not .NET's socket engine and its thread). The answer is read whole (at most
/// <see cref="MaxAnswerBytes"/>) with <c>Connection: close</c>; a chunked body is decoded (RFC 9112 §7.1).
/// </summary>
internal static class DaemonExchange
{
    /// <summary>Far above a send's answer (one result of a few hundred bytes).</summary>
    public const int MaxAnswerBytes = 1024 * 1024;

    /// <summary>
    /// Sends <paramref name="body"/> (JSON) to <paramref name="path"/>. Null when the daemon was not
    /// reached (no socket, refused): then nothing was sent. An answer that breaks off after the
    /// request was written is a <see cref="DaemonExchangeException"/>: the daemon may have acted on it.
    /// </summary>
    public static DaemonAnswer? Post(string socketPath, string path, byte[] body, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var socket = UnixStreamSocket.Connect(socketPath, timeout, out _);
        if (socket is null)
        {
            return null; // no daemon listens there (ENOENT, ECONNREFUSED) or the socket is not ours to use (EACCES)
        }

        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
        var request = new byte[head.Length + body.Length];
        head.CopyTo(request, 0);
        body.CopyTo(request, head.Length);

        // One write: the daemon may answer (and close) as soon as it has read the request. When the
        // write fails, the daemon may have answered already (an early refusal): its answer is read.
        _ = socket.SendAll(request);
        var answer = new byte[4096];
        var length = 0;
        int read;
        while ((read = socket.Receive(answer, length)) > 0)
        {
            length += read;
            if (length == answer.Length)
            {
                if (answer.Length >= MaxAnswerBytes)
                {
                    throw new DaemonExchangeException($"the daemon's answer is longer than {MaxAnswerBytes} bytes");
                }

                Array.Resize(ref answer, Math.Min(answer.Length * 4, MaxAnswerBytes));
            }
        }

        if (read == -UnixStreamSocket.Eagain)
        {
            throw new DaemonExchangeException(string.Create(CultureInfo.InvariantCulture, $"the daemon did not answer within {timeout.TotalSeconds:0} s"), timedOut: true);
        }

        if (read < 0)
        {
            throw new DaemonExchangeException($"the daemon's connection failed ({Marshal.GetPInvokeErrorMessage(-read)})");
        }

        return HttpAnswerParser.Parse(answer.AsSpan(0, length));
    }
}

/// <summary>The daemon's answer: its status code and body.</summary>
internal sealed record DaemonAnswer(int Status, byte[] Body);

/// <summary>The daemon was reached and took the request, but its answer did not arrive whole.</summary>
internal sealed class DaemonExchangeException : Exception
{
    public DaemonExchangeException(string message, bool timedOut = false)
        : base(message) => TimedOut = timedOut;

    public DaemonExchangeException()
    {
    }

    public DaemonExchangeException(string message)
        : base(message)
    {
    }

    public DaemonExchangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool TimedOut { get; }
}
