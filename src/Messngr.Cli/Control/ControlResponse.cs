using System.Globalization;
using System.Text;

namespace Messngr.Cli.Control;

/// <summary>
/// One HTTP/1.0 response from the daemon's control socket (RFC 1945 §6; the request is HTTP/1.0,
/// so the body is never chunked: it ends at Content-Length or when the daemon closes the
/// connection, RFC 1945 §7.2.2). The head is bounded by <see cref="MaxHeadBytes"/>, a body by the
/// caller's limit, a line by the caller's limit; anything else is a <see cref="FormatException"/>
/// naming what was wrong. A minimal client instead of HttpClient: the control API needs no TLS,
/// proxies, redirects or connection pooling, and leaving System.Net.Http out of the Native-AOT
/// binary takes 2.7 MB off it and about half a millisecond off every command's start (issue #6).
/// </summary>
internal sealed class ControlResponse
{
    public const int MaxHeadBytes = 16 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private long? _remaining;

    private ControlResponse(Stream stream, byte[] buffer, int start, int end, int status, string reason, long? contentLength)
    {
        _stream = stream;
        _buffer = buffer;
        _start = start;
        Status = status;
        Reason = reason;
        if (contentLength is { } length)
        {
            // Body bytes that came with the head count against Content-Length; bytes past it are not the body.
            var buffered = (int)Math.Min(end - start, length);
            end = start + buffered;
            _remaining = length - buffered;
        }

        _end = end;
    }

    public int Status { get; }

    public string Reason { get; }

    public bool IsSuccess => Status is >= 200 and <= 299;

    /// <summary>Reads the status line and headers; the body is left to <see cref="ReadBodyAsync"/> or <see cref="ReadLineAsync"/>.</summary>
    public static async Task<ControlResponse> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var end = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, end).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (end == buffer.Length)
            {
                throw new FormatException($"the response head is longer than {MaxHeadBytes} bytes");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new FormatException(end == 0 ? "the connection closed without a response" : "the connection closed in the middle of the response head");
            }

            end += read;
        }

        var lines = Encoding.Latin1.GetString(buffer, 0, headEnd).Split("\r\n");
        var (status, reason) = ParseStatusLine(lines[0]);
        long? contentLength = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"malformed header line '{Printable(line)}'");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    ? length
                    : throw new FormatException($"Content-Length '{Printable(value)}' is not a number");
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"a Transfer-Encoding ({Printable(value)}) in the answer to an HTTP/1.0 request");
            }
        }

        return new ControlResponse(stream, buffer, headEnd + 4, end, status, reason, contentLength);
    }

    /// <summary>The whole body; more than <paramref name="maxBytes"/> is a <see cref="FormatException"/>.</summary>
    public async Task<byte[]> ReadBodyAsync(int maxBytes, CancellationToken cancellationToken)
    {
        if (_remaining + (_end - _start) > maxBytes)
        {
            throw new FormatException($"the response body of {_remaining + (_end - _start)} bytes is larger than {maxBytes}");
        }

        using var body = new MemoryStream();
        while (await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            if (body.Length + (_end - _start) > maxBytes)
            {
                throw new FormatException($"the response body is larger than {maxBytes} bytes");
            }

            body.Write(_buffer, _start, _end - _start);
            _start = _end;
        }

        return body.ToArray();
    }

    /// <summary>The next line of the body without its LF (and CR), or null at the end of the body.</summary>
    public async Task<string?> ReadLineAsync(int maxBytes, CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return line.Length == 0 ? null : Decode(line);
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline < 0 ? available.Length : newline;
            if (line.Length + take > maxBytes)
            {
                throw new FormatException($"a line of the response is longer than {maxBytes} bytes");
            }

            line.Write(available[..take]);
            _start += newline < 0 ? take : take + 1;
            if (newline >= 0)
            {
                return Decode(line);
            }
        }
    }

    /// <summary>Makes body bytes available in the buffer; false at the end of the body.</summary>
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start < _end)
        {
            return true;
        }

        if (_remaining == 0)
        {
            return false;
        }

        var room = _remaining is { } left ? (int)Math.Min(left, _buffer.Length) : _buffer.Length;
        var read = await _stream.ReadAsync(_buffer.AsMemory(0, room), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return _remaining is null ? false : throw new FormatException($"the connection closed {_remaining} bytes before the end of the body");
        }

        _start = 0;
        _end = read;
        _remaining -= read;
        return true;
    }

    private static (int Status, string Reason) ParseStatusLine(string line)
    {
        // HTTP-Version SP Status-Code SP Reason-Phrase (RFC 1945 §6.1); the daemon answers HTTP/1.1.
        var parts = line.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || parts[1].Length != 3 ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new FormatException($"'{Printable(line)}' is not an HTTP status line");
        }

        return (status, parts.Length == 3 ? parts[2] : string.Empty);
    }

    private static string Decode(MemoryStream line)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        return Encoding.UTF8.GetString(bytes.EndsWith("\r"u8) ? bytes[..^1] : bytes);
    }

    private static string Printable(string text) =>
        string.Concat(text.Take(80).Select(c => char.IsControl(c) ? '?' : c));
}
