using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Messngr.Cli.Integrations.Ipp;

namespace Messngr.Cli.Integrations;

/// <summary>
/// The owner of a CUPS job, asked of the cupsd that started the notifier: CUPS 2.4's events
/// carry no job-originating-user-name (scheduler/subscriptions.c, cupsdAddEvent), so the notifier
/// sends Get-Job-Attributes (RFC 8011 4.3.4) for it to CUPS_SERVER:IPP_PORT, which cupsd puts in
/// its notifiers' environment, as the notifier's own user. cupsd shows the owner to that user
/// only when its policy lets it (JobPrivateAccess, cupsd.conf(5)); otherwise: null.
/// </summary>
internal static class CupsJobOwner
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The job's job-originating-user-name, or null when cupsd cannot be asked or does not tell.</summary>
    public static async Task<string?> LookupAsync(int jobId, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var server = environment.GetValueOrDefault("CUPS_SERVER") is { Length: > 0 } s ? s : "localhost";
        var port = int.TryParse(environment.GetValueOrDefault("IPP_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p : 631;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var socket = server.StartsWith('/')
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            if (server.StartsWith('/'))
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(server), timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(server, port, timeout.Token).ConfigureAwait(false);
            }

            using var stream = new NetworkStream(socket, ownsSocket: false);
            var body = Request(jobId, Environment.UserName);
            var head = Encoding.ASCII.GetBytes($"POST /jobs/ HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/ipp\r\nContent-Length: {body.Length}\r\n\r\n");
            await stream.WriteAsync(head.Concat(body).ToArray(), timeout.Token).ConfigureAwait(false);
            var response = await ReadHttpBodyAsync(stream, timeout.Token).ConfigureAwait(false);
            if (response is null || !IppMessageReader.TryParse(response, out var message, out _) || message!.Code >= 0x0100)
            {
                return null;
            }

            return message.Text("job-originating-user-name");
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Get-Job-Attributes for job-originating-user-name (RFC 8011 4.3.4; RFC 8010 3.1 encoding).</summary>
    internal static byte[] Request(int jobId, string user)
    {
        using var bytes = new MemoryStream();
        bytes.Write([2, 0, 0x00, 0x09, 0, 0, 0, 1, 0x01]);
        Attribute(bytes, 0x47, "attributes-charset", Encoding.UTF8.GetBytes("utf-8"));
        Attribute(bytes, 0x48, "attributes-natural-language", Encoding.UTF8.GetBytes("en"));
        Attribute(bytes, 0x45, "job-uri", Encoding.UTF8.GetBytes($"ipp://localhost/jobs/{jobId.ToString(CultureInfo.InvariantCulture)}"));
        Attribute(bytes, 0x42, "requesting-user-name", Encoding.UTF8.GetBytes(user));
        Attribute(bytes, 0x44, "requested-attributes", Encoding.UTF8.GetBytes("job-originating-user-name"));
        bytes.WriteByte(IppTags.EndOfAttributes);
        return bytes.ToArray();
    }

    private static void Attribute(MemoryStream bytes, byte tag, string name, byte[] value)
    {
        Span<byte> length = stackalloc byte[2];
        bytes.WriteByte(tag);
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)name.Length);
        bytes.Write(length);
        bytes.Write(Encoding.ASCII.GetBytes(name));
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)value.Length);
        bytes.Write(length);
        bytes.Write(value);
    }

    /// <summary>An HTTP/1.0 answer's body when its status is 200 (the connection closes after it), at most 64 KiB.</summary>
    private static async Task<byte[]?> ReadHttpBodyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var all = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            all.Write(buffer, 0, read);
            if (all.Length > IppMessageReader.DefaultMaxMessageBytes + 8192)
            {
                return null;
            }
        }

        var bytes = all.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(bytes, 0, end);
        return head.StartsWith("HTTP/1.", StringComparison.Ordinal) && head.Length > 12 && head[9..12] == "200" && !head.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? bytes[(end + 4)..]
            : null;
    }
}
