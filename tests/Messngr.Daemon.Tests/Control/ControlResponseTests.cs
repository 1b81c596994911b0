using System.Text;
using Messngr.Cli.Control;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// <see cref="ControlResponse"/>, the control client's HTTP/1.0 response reader: bodies by
/// Content-Length or to the end of the connection, lines, and every malformed or oversized answer
/// as a <see cref="FormatException"/> naming what was wrong.
/// </summary>
public sealed class ControlResponseTests
{
    private static Task<ControlResponse> Read(string text) => ControlResponse.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);

    private static async Task<string> Body(string text, int max = 1024) =>
        Encoding.UTF8.GetString(await (await Read(text)).ReadBodyAsync(max, CancellationToken.None));

    [Fact]
    public async Task Status_line_and_body_by_content_length()
    {
        var response = await Read("HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}trailing");
        Assert.Equal((409, "Conflict", false), (response.Status, response.Reason, response.IsSuccess));
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(await response.ReadBodyAsync(100, CancellationToken.None)));
    }

    [Fact]
    public async Task Without_content_length_the_body_runs_to_the_end_of_the_connection() =>
        Assert.Equal("[1,2,3]", await Body("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n[1,2,3]"));

    [Fact]
    public async Task Body_delivered_one_byte_at_a_time_arrives_whole()
    {
        var text = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        var response = await ControlResponse.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);
        Assert.Equal("hello", Encoding.UTF8.GetString(await response.ReadBodyAsync(10, CancellationToken.None)));
    }

    [Fact]
    public async Task Lines_of_a_stream_without_and_with_CR_and_a_last_line_without_LF()
    {
        var response = await Read("HTTP/1.1 200 OK\r\n\r\none\ntwo\r\n\nthree");
        var lines = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            lines.Add(await response.ReadLineAsync(100, CancellationToken.None));
        }

        Assert.Equal(["one", "two", "", "three", null], lines);
    }

    [Theory]
    [InlineData("", "closed without a response")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le", "middle of the response head")]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n", "is not an HTTP status line")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n", "is not an HTTP status line")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n", "Content-Length '-4' is not a number")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "Transfer-Encoding (chunked)")]
    public async Task Malformed_heads_are_named(string text, string expected)
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => Read(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_without_end_is_refused_at_the_limit_not_buffered_for_ever()
    {
        var endless = "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Repeat("X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", 1000));
        var error = await Assert.ThrowsAsync<FormatException>(() => Read(endless));
        Assert.Contains($"longer than {ControlResponse.MaxHeadBytes} bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n", "body of 2000 bytes is larger than 1024")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "closed 5 bytes before the end of the body")]
    public async Task Bodies_too_large_or_cut_short_are_named(string text, string expected)
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => Body(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_length_is_refused_past_the_limit() =>
        Assert.Contains("larger than 1024 bytes",
            (await Assert.ThrowsAsync<FormatException>(() => Body("HTTP/1.1 200 OK\r\n\r\n" + new string('x', 5000)))).Message, StringComparison.Ordinal);

    [Fact]
    public async Task A_line_past_the_limit_is_refused()
    {
        var response = await Read("HTTP/1.1 200 OK\r\n\r\n" + new string('x', 300) + "\n");
        var error = await Assert.ThrowsAsync<FormatException>(() => response.ReadLineAsync(100, CancellationToken.None));
        Assert.Contains("longer than 100 bytes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Returns one byte per read, as a slow socket may.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
