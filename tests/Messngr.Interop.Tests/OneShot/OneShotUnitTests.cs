using System.Net.Sockets;
using System.Text;
using Messngr.Daemon.Sending;
using Messngr.Send;

namespace Messngr.Interop.Tests.OneShot;

/// <summary>
/// Issue #15, item 8: the parts of messngr-send's quick path on their own — which command lines
/// take it, the HTTP answer and JSON readers (total: any bytes give a value or a
/// <see cref="DaemonExchangeException"/>), and the exchange with a daemon that lies, floods or stays silent.
/// </summary>
public sealed class OneShotUnitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-oneshot-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(new[] { "BOB", "hello", "world" }, "BOB", "hello world")]
    [InlineData(new[] { "BOB@10.0.0.5", "x" }, "BOB@10.0.0.5", "x")]
    [InlineData(new[] { "*", "all of you" }, "*", "all of you")]
    [InlineData(new[] { "BOB", "restart", "--now" }, "BOB", "restart --now")]
    public void The_plain_form_takes_the_quick_path(string[] args, string recipient, string text) =>
        Assert.Equal(new OneShotPlan(recipient, text), OneShotPlan.For(args, ["HOME", "MESSNGR_STATE_DIR"]));

    [Fact]
    public void A_plain_alert_takes_the_quick_path_without_a_recipient() =>
        Assert.Equal(new OneShotPlan(null, "UPS on battery"), OneShotPlan.For(["--alert", "UPS", "on", "battery"], []));

    [Theory]
    [InlineData("--alert")] // text from standard input
    [InlineData("--alert", "--to", "OPS", "x")]
    [InlineData("--alert", "@text.txt")]
    [InlineData("--alert", "-")]
    [InlineData("BOB")] // text from standard input
    [InlineData("--json", "BOB", "x")]
    [InlineData("BOB", "--timeout", "5", "x")]
    [InlineData("BOB", "/w", "x")]
    [InlineData("/users", "x")]
    [InlineData("/domain:LAB", "x")]
    [InlineData("@list.txt", "x")]
    [InlineData("BOB", "--", "x")]
    [InlineData("--help")]
    public void Everything_else_is_messngr_sends(params string[] args) =>
        Assert.Null(OneShotPlan.For(args, []));

    [Fact]
    public void A_messngr_setting_in_the_environment_is_messngr_sends_to_honour() =>
        Assert.Null(OneShotPlan.For(["BOB", "x"], ["MESSNGR_CODE_PAGE"]));

    [Fact]
    public void A_chunked_answer_is_read_whole()
    {
        var answer = HttpAnswerParser.Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"u8);
        Assert.Equal((200, "hello world"), (answer.Status, Encoding.ASCII.GetString(answer.Body)));
    }

    [Fact]
    public void A_content_length_answer_is_cut_at_its_length()
    {
        var answer = HttpAnswerParser.Parse("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 2\r\n\r\n{}garbage"u8);
        Assert.Equal((429, "{}"), (answer.Status, Encoding.ASCII.GetString(answer.Body)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 200 OK\r\n")]
    [InlineData("SMB 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\nab\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}")]
    public void A_broken_answer_is_a_reasoned_error(string text) =>
        Assert.Throws<DaemonExchangeException>(() => HttpAnswerParser.Parse(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Random_bytes_never_crash_the_readers()
    {
        var random = new Random(15_8);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            var prefix = i % 3 == 0 ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray() : i % 3 == 1 ? "{\"results\":[{"u8.ToArray() : [];
            byte[] input = [.. prefix, .. bytes];
            try
            {
                HttpAnswerParser.Parse(input);
            }
            catch (DaemonExchangeException)
            {
            }

            try
            {
                AnySendAnswerReader.Read(input);
            }
            catch (DaemonExchangeException)
            {
            }
        }
    }

    [Fact]
    public void The_daemons_results_become_messngr_sends_results()
    {
        var results = AnySendAnswerReader.Read("""
            {"results":[{"recipient":"BOB","outcome":"queued","succeeded":false,"transport":"native","verified":true,"to":"BOB",
            "address":null,"detail":"unreachable (connection refused)","messageId":"0193a0b0-0000-7000-8000-000000000001","state":"queued",
            "nodeId":"P56IOI7ABC","retryUntil":"2026-12-08T06:00:00+00:00","future":{"a":[1,2]}}]}
            """u8.ToArray());
        var result = Assert.Single(results);
        Assert.Equal((SendOutcome.Queued, SendTransport.Native, "BOB"), (result.Outcome, result.Transport, result.To));
        Assert.Equal(new NativeDelivery("0193a0b0-0000-7000-8000-000000000001", "queued", "P56IOI7ABC", true, DateTimeOffset.Parse("2026-12-08T06:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture)), result.Native);
    }

    [Fact]
    public void Every_outcome_and_transport_the_daemon_can_name_is_read_back()
    {
        foreach (var outcome in Enum.GetValues<SendOutcome>())
        {
            foreach (var transport in Enum.GetValues<SendTransport>())
            {
                var word = Messngr.Daemon.Control.ControlAnySendEndpoints.OutcomeWord(outcome);
                var json = $$"""{"results":[{"recipient":"BOB","outcome":"{{word}}","transport":"{{transport.ToString().ToLowerInvariant()}}","detail":"d"}]}""";
                var result = Assert.Single(AnySendAnswerReader.Read(Encoding.UTF8.GetBytes(json)));
                Assert.Equal((outcome, transport), (result.Outcome, result.Transport));
            }
        }
    }

    [Theory]
    [InlineData("""{"results":[]}""")]
    [InlineData("""{"results":[{"recipient":"BOB","outcome":"exploded"}]}""")]
    [InlineData("""{"results":[{"recipient":"BOB","outcome":"delivered","transport":"carrier-pigeon"}]}""")]
    [InlineData("""{"results":[{"outcome":"delivered"}]}""")]
    [InlineData("""[1,2,3]""")]
    public void An_answer_that_is_not_a_send_result_is_an_error(string json) =>
        Assert.Throws<DaemonExchangeException>(() => AnySendAnswerReader.Read(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void No_socket_means_no_daemon() =>
        Assert.Null(DaemonExchange.Post(Path.Combine(_dir, "control.sock"), "/v1/send/any", "{}"u8.ToArray(), TimeSpan.FromSeconds(10)));

    [Fact]
    public void A_daemon_that_floods_is_cut_off_at_the_answer_limit()
    {
        var error = Assert.Throws<DaemonExchangeException>(() => Exchange(socket =>
        {
            var chunk = new byte[64 * 1024];
            try
            {
                for (var sent = 0; sent <= DaemonExchange.MaxAnswerBytes + chunk.Length; sent += chunk.Length)
                {
                    socket.Send(chunk);
                }
            }
            catch (SocketException)
            {
                // the client stopped reading, as it should
            }
        }, TimeSpan.FromSeconds(30)));
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_daemon_that_takes_the_request_and_says_nothing_times_out_without_a_second_send()
    {
        // The "daemon" keeps the connection open until the client gives up and closes it.
        var error = Assert.Throws<DaemonExchangeException>(() => Exchange(socket => socket.Receive(new byte[1]), TimeSpan.FromSeconds(1)));
        Assert.True(error.TimedOut);
    }

    [Fact]
    public void A_daemon_that_closes_without_an_answer_is_an_error_not_a_retry()
    {
        var error = Assert.Throws<DaemonExchangeException>(() => Exchange(_ => { }, TimeSpan.FromSeconds(30)));
        Assert.Contains("without an answer", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A one-connection unix-socket "daemon" that reads the request head and then does <paramref name="serve"/>.</summary>
    private DaemonAnswer? Exchange(Action<Socket> serve, TimeSpan timeout)
    {
        var path = Path.Combine(_dir, $"d{Guid.NewGuid():N}"[..8] + ".sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var server = Task.Run(() =>
        {
            using var connection = listener.Accept();
            var buffer = new byte[4096];
            connection.Receive(buffer);
            serve(connection);
        });
        try
        {
            return DaemonExchange.Post(path, "/v1/send/any", "{}"u8.ToArray(), timeout);
        }
        finally
        {
            listener.Close();
            server.Wait(TimeSpan.FromSeconds(30));
        }
    }
}
