using System.Globalization;
using System.Text;

namespace Messngr.Send;

/// <summary>
/// Reads an HTTP/1.1 answer held whole in memory (RFC 9112): the status line, the head, and a body
/// framed by Content-Length, chunked transfer coding (§7.1, no trailers needed) or the connection's
/// close. Total: a malformed answer is a <see cref="DaemonExchangeException"/>, never a crash.
/// </summary>
internal static class HttpAnswerParser
{
    public static DaemonAnswer Parse(ReadOnlySpan<byte> answer)
    {
        var end = answer.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw Broken(answer.Length == 0 ? "the daemon closed the connection without an answer" : "the daemon's answer has no complete head");
        }

        var head = Encoding.ASCII.GetString(answer[..end]).Split("\r\n");
        var status = head[0].Split(' ');
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 599)
        {
            throw Broken("the daemon's answer has no HTTP status line");
        }

        var chunked = false;
        long? contentLength = null;
        foreach (var line in head.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.EndsWith("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Broken("the daemon's answer has a bad Content-Length");
            }
        }

        var rest = answer[(end + 4)..];
        if (chunked)
        {
            return new DaemonAnswer(code, Dechunk(rest));
        }

        if (contentLength is { } length)
        {
            return length <= rest.Length ? new DaemonAnswer(code, rest[..(int)length].ToArray()) : throw Broken("the daemon's answer ended before its body");
        }

        return new DaemonAnswer(code, rest.ToArray());
    }

    /// <summary>chunk = chunk-size [ext] CRLF data CRLF; last-chunk = "0" CRLF (RFC 9112 §7.1).</summary>
    private static byte[] Dechunk(ReadOnlySpan<byte> chunks)
    {
        var body = new List<byte>(chunks.Length);
        while (true)
        {
            var lineEnd = chunks.IndexOf("\r\n"u8);
            if (lineEnd <= 0)
            {
                throw Broken("the daemon's chunked answer ended early");
            }

            var sizeText = Encoding.ASCII.GetString(chunks[..lineEnd]).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw Broken("the daemon's chunked answer has a bad chunk size");
            }

            chunks = chunks[(lineEnd + 2)..];
            if (size == 0)
            {
                return [.. body];
            }

            if (size > chunks.Length - 2 || !chunks.Slice(size, 2).SequenceEqual("\r\n"u8))
            {
                throw Broken("the daemon's chunked answer ended inside a chunk");
            }

            body.AddRange(chunks[..size]);
            chunks = chunks[(size + 2)..];
        }
    }

    private static DaemonExchangeException Broken(string why) => new(why);
}
