using System.Net.Sockets;
using System.Text;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.OneShot;

/// <summary>
/// Issue #15, item 8: messngr-send (C) against a daemon it cannot trust to be well-behaved, and
/// its choice between relaying and running messngr. The "daemon" is a unix socket served here; the
/// "messngr" beside the client is a script that records its arguments, so a test sees whether the
/// client ran it (and with what), relayed, or stopped. A daemon that had the request is never
/// followed by messngr (the message might go twice); one that refused it first always is.
/// </summary>
public sealed class OneShotClientTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-oneshot-c-").FullName;
    private readonly string _client;
    private readonly string _ran;

    public OneShotClientTests()
    {
        _ran = Path.Combine(_dir, "messngr-ran");
        _client = OneShotClient.WithMessngr(Path.Combine(_dir, "bin"), $"printf '%s\\n' \"$@\" > '{_ran}'\nexit 99");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Socket => Path.Combine(_dir, "control.sock");

    private Dictionary<string, string> Environment => new() { ["MESSNGR_STATE_DIR"] = _dir };

    private Tool.Result Run(Dictionary<string, string> environment, params string[] args) => Tool.Run(_client, args, timeoutMs: 60_000, environment: environment);

    private string[]? MessngrArguments => File.Exists(_ran) ? File.ReadAllLines(_ran) : null;

    [Theory]
    [InlineData(new[] { "--json", "BOB", "x" }, new[] { "send", "--json", "BOB", "x" })]
    [InlineData(new[] { "BOB", "--timeout", "5", "x" }, new[] { "send", "BOB", "--timeout", "5", "x" })]
    [InlineData(new[] { "BOB", "/w", "x" }, new[] { "send", "BOB", "/w", "x" })]
    [InlineData(new[] { "/users", "x" }, new[] { "send", "/users", "x" })]
    [InlineData(new[] { "@list", "x" }, new[] { "send", "@list", "x" })]
    [InlineData(new[] { "BOB" }, new[] { "send", "BOB" })]
    [InlineData(new[] { "--help" }, new[] { "send", "--help" })]
    [InlineData(new[] { "--alert", "--to", "OPS", "x" }, new[] { "alert", "--to", "OPS", "x" })]
    [InlineData(new[] { "--alert", "@text" }, new[] { "alert", "@text" })]
    [InlineData(new[] { "--alert" }, new[] { "alert" })]
    public void Every_command_line_but_the_plain_forms_is_messngrs_as_given(string[] args, string[] expected)
    {
        using var daemon = FakeDaemon.Answering(Socket, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nexit 0\n");
        var result = Run(Environment, args);
        Assert.Equal(99, result.ExitCode);
        Assert.Equal(expected, MessngrArguments ?? []);
        Assert.Equal(0, daemon.Requests);
    }

    [Theory]
    [InlineData("MESSNGR_CODE_PAGE", "437")]
    [InlineData("MESSNGR_CONFIG", "/dev/null")]
    [InlineData("MESSNGR_STATE_DIR", "relative/dir")]
    public void A_messngr_setting_or_a_relative_state_directory_is_messngrs_to_honour(string name, string value)
    {
        using var daemon = FakeDaemon.Answering(Socket, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nexit 0\n");
        var environment = Environment;
        environment[name] = value;
        Assert.Equal(99, Run(environment, "BOB", "hello").ExitCode);
        Assert.Equal(["send", "BOB", "hello"], MessngrArguments ?? []);
    }

    /// <summary>
    /// A user other than root finds their own daemon's socket as messngr does:
    /// $XDG_STATE_HOME/messngr, else ~/.local/state/messngr. Run as nobody (setpriv), with only those variables.
    /// </summary>
    [Theory]
    [InlineData("XDG_STATE_HOME", "xdg", "messngr")]
    [InlineData("HOME", "home", ".local/state/messngr")]
    public void A_user_finds_their_own_daemon_by_xdg_state_home_or_home(string variable, string root, string below)
    {
        var top = Path.Combine(_dir, root);
        var state = Path.Combine(top, below);
        Directory.CreateDirectory(state);
        foreach (var directory in new[] { _dir, Path.Combine(_dir, "bin"), top, Path.Combine(top, ".local"), Path.Combine(top, ".local", "state"), state }.Where(Directory.Exists))
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101); // 0755: nobody may pass
        }

        using var daemon = FakeDaemon.Answering(Path.Combine(state, "control.sock"), "HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\nexit 0\n1 relayed\n");
        File.SetUnixFileMode(Path.Combine(state, "control.sock"), (UnixFileMode)0b110_110_110);

        var result = Tool.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "env", "-i", $"{variable}={top}", _client, "BOB", "hello"], timeoutMs: 60_000);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal("relayed\n", result.Output);
        Assert.Equal(1, daemon.Requests);
    }

    [Fact]
    public void No_daemon_is_messngr()
    {
        Assert.Equal(99, Run(Environment, "BOB", "hello").ExitCode);
        Assert.Equal(["send", "BOB", "hello"], MessngrArguments ?? []);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(429)]
    [InlineData(503)]
    public void A_daemon_that_refuses_before_sending_is_followed_by_messngr(int status)
    {
        using var daemon = FakeDaemon.Answering(Socket, $"HTTP/1.1 {status} No\r\nContent-Length: 2\r\n\r\n{{}}");
        Assert.Equal(99, Run(Environment, "BOB", "hello").ExitCode);
        Assert.Equal(["send", "BOB", "hello"], MessngrArguments ?? []);
    }

    [Fact]
    public void The_request_is_the_plain_send_as_json_asking_for_text_and_the_answer_is_printed_as_given()
    {
        using var daemon = FakeDaemon.Answering(Socket,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n12\r\nexit 77\n1 ok line\n\r\n18\r\n2 messngr send: refused\n\r\n0\r\n\r\n");
        var result = Run(Environment, "BOB@10.0.0.5", "say \"hi\"\\", "tab\there", "ünï");

        Assert.Equal((77, "ok line\n", "messngr send: refused\n"), (result.ExitCode, result.Output, result.Error));
        Assert.Null(MessngrArguments);
        var request = daemon.LastRequest;
        Assert.StartsWith("POST /v1/send/any HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nAccept: text/plain\r\n", request, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n{\"recipient\":\"BOB@10.0.0.5\",\"text\":\"say \\\"hi\\\"\\\\ tab\\u0009here ünï\"}", request, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_alert_asks_for_the_alert_names()
    {
        using var daemon = FakeDaemon.Answering(Socket, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nexit 0\n");
        Assert.Equal(0, Run(Environment, "--alert", "UPS", "on", "battery").ExitCode);
        Assert.EndsWith("\r\n\r\n{\"alert\":true,\"text\":\"UPS on battery\"}", daemon.LastRequest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 69, "without an answer")]
    [InlineData("SMB/1.0 200 OK\r\n\r\nexit 0\n", 76, "not HTTP")]
    [InlineData("HTTP/1.1 200 OK\r\n", 76, "not HTTP")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"a\":1}\n", 76, "not the result of a send")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nexit 999\n", 76, "not the result of a send")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\nexit 0\n3 weird\n", 76, "not the result of a send")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nexit 0\n1 cut", 76, "not the result of a send")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\nab\r\n", 76, "chunked")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 76, "chunked")]
    public void A_broken_answer_after_the_request_is_an_error_and_never_a_second_send(string answer, int code, string why)
    {
        using var daemon = FakeDaemon.Answering(Socket, answer);
        var result = Run(Environment, "BOB", "hello");
        Assert.Equal(code, result.ExitCode);
        Assert.Contains(why, result.Error, StringComparison.Ordinal);
        Assert.Contains("may have been sent", result.Error, StringComparison.Ordinal);
        Assert.Null(MessngrArguments);
    }

    [Fact]
    public void A_daemon_that_floods_is_cut_off_at_one_mebibyte()
    {
        using var daemon = FakeDaemon.Answering(Socket, "HTTP/1.1 200 OK\r\n\r\n" + new string('x', 1024 * 1024 + 1));
        var result = Run(Environment, "BOB", "hello");
        Assert.Equal(76, result.ExitCode);
        Assert.Contains("longer than 1 MiB", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_answers_never_crash_it()
    {
        var random = new Random(158);
        for (var i = 0; i < 60; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            var prefix = (i % 3) switch { 0 => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 1 => "HTTP/1.1 200 OK\r\n\r\nexit 0\n", _ => string.Empty };
            using var daemon = FakeDaemon.Answering(Socket, [.. Encoding.Latin1.GetBytes(prefix), .. bytes]);
            var result = Run(Environment, "BOB", "hello");
            Assert.True(result.ExitCode is 0 or 69 or 76 or 99 || (result.ExitCode is > 0 and < 64 && i % 3 == 1), $"exit {result.ExitCode}: {result.Error}");
            File.Delete(_ran);
        }
    }

    /// <summary>
    /// The integration forms (contract-integration, "Client forms"): exactly the integration's own
    /// argument count after the flag goes to the daemon as {"integration","args","environment"}, the
    /// arguments verbatim whatever they start with, and only the variables that integration reads,
    /// only those set (an empty one as ""). The environment is exactly the test's (env -i).
    /// </summary>
    [Theory]
    [InlineData(new[] { "--upsmon-notify", "UPS myups@localhost on battery" }, new[] { "NOTIFYTYPE=ONBATT", "UPSNAME=myups@localhost" },
        """{"integration":"upsmon-notify","args":["UPS myups@localhost on battery"],"environment":{"NOTIFYTYPE":"ONBATT","UPSNAME":"myups@localhost"}}""")]
    [InlineData(new[] { "--upsmon-notify", "--help" }, new[] { "UPSNAME=", "CLAM_VIRUSEVENT_VIRUSNAME=Eicar", "HOME=/root" },
        """{"integration":"upsmon-notify","args":["--help"],"environment":{"UPSNAME":""}}""")]
    [InlineData(new[] { "--upsmon-notify", "@/etc/shadow" }, new string[0],
        """{"integration":"upsmon-notify","args":["@/etc/shadow"],"environment":{}}""")]
    [InlineData(new[] { "--clamav-event" }, new[] { "CLAM_VIRUSEVENT_FILENAME=/srv/x.txt", "CLAM_VIRUSEVENT_VIRUSNAME=Eicar-Signature", "NOTIFYTYPE=ONBATT" },
        """{"integration":"clamav-event","args":[],"environment":{"CLAM_VIRUSEVENT_FILENAME":"/srv/x.txt","CLAM_VIRUSEVENT_VIRUSNAME":"Eicar-Signature"}}""")]
    [InlineData(new[] { "--clamav-event" }, new[] { "CLAM_VIRUSEVENT_FILENAME=/srv/a \"b\"\\\n\t\u0001\u001b[2J.txt\",\"x\":\"" },
        """{"integration":"clamav-event","args":[],"environment":{"CLAM_VIRUSEVENT_FILENAME":"/srv/a \"b\"\\\u000a\u0009\u0001\u001b[2J.txt\",\"x\":\""}}""")]
    [InlineData(new[] { "--media-script", "OPS", "PROBLEM: disk full on db1", "free 2%" }, new[] { "NOTIFYTYPE=ONBATT", "UPSNAME=u" },
        """{"integration":"media-script","args":["OPS","PROBLEM: disk full on db1","free 2%"],"environment":{}}""")]
    [InlineData(new[] { "--media-script", "--to", "@list", "" }, new string[0],
        """{"integration":"media-script","args":["--to","@list",""],"environment":{}}""")]
    [InlineData(new[] { "--media-script", "OPS\",\"x", "sub\"ject\\", "line1\nline2\r ünï" }, new string[0],
        """{"integration":"media-script","args":["OPS\",\"x","sub\"ject\\","line1\u000aline2\u000d ünï"],"environment":{}}""")]
    public void An_integration_form_relays_its_arguments_verbatim_and_only_its_own_variables_that_are_set(string[] args, string[] variables, string body)
    {
        using var daemon = FakeDaemon.Answering(Socket, "HTTP/1.1 200 OK\r\nContent-Length: 28\r\n\r\nexit 0\n1 alerted OPS\n2 warn\n");
        var environment = Environment;
        foreach (var variable in variables)
        {
            environment[variable[..variable.IndexOf('=', StringComparison.Ordinal)]] = variable[(variable.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        var result = OneShotClient.RunWithOnly(_client, environment, args);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(("alerted OPS\n", "warn\n"), (result.Output, result.Error));
        Assert.Null(MessngrArguments);
        Assert.Equal(1, daemon.Requests);
        var request = daemon.LastRequest;
        Assert.StartsWith("POST /v1/send/any HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nAccept: text/plain\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/json\r\n", request, StringComparison.Ordinal);
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", request, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + body, request, StringComparison.Ordinal);
    }

    /// <summary>Options, --help or any other argument count: <c>messngr NAME ARGS</c>, the arguments as given.</summary>
    [Theory]
    [InlineData(new[] { "--upsmon-notify" }, new[] { "upsmon-notify" })]
    [InlineData(new[] { "--upsmon-notify", "--to", "OPS", "UPS on battery" }, new[] { "upsmon-notify", "--to", "OPS", "UPS on battery" })]
    [InlineData(new[] { "--upsmon-notify", "a", "b" }, new[] { "upsmon-notify", "a", "b" })]
    [InlineData(new[] { "--clamav-event", "--help" }, new[] { "clamav-event", "--help" })]
    [InlineData(new[] { "--clamav-event", "--priority", "critical" }, new[] { "clamav-event", "--priority", "critical" })]
    [InlineData(new[] { "--media-script", "OPS", "subject" }, new[] { "media-script", "OPS", "subject" })]
    [InlineData(new[] { "--media-script", "--json", "OPS", "subject", "message" }, new[] { "media-script", "--json", "OPS", "subject", "message" })]
    [InlineData(new[] { "--media-script" }, new[] { "media-script" })]
    [InlineData(new[] { "BOB", "--upsmon-notify" }, new[] { "send", "BOB", "--upsmon-notify" })]
    public void An_integration_with_options_or_another_argument_count_is_messngrs_command_as_given(string[] args, string[] expected)
    {
        using var daemon = FakeDaemon.Answering(Socket, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nexit 0\n");
        var result = OneShotClient.RunWithOnly(_client, Environment, args);
        Assert.Equal(99, result.ExitCode);
        Assert.Equal(expected, MessngrArguments ?? []);
        Assert.Equal(0, daemon.Requests);
    }

    [Theory]
    [InlineData("MESSNGR_CONFIG", "/dev/null", new[] { "--upsmon-notify", "UPS on battery" }, new[] { "upsmon-notify", "UPS on battery" })]
    [InlineData("MESSNGR_ALERT_NAMES", "OPS", new[] { "--clamav-event" }, new[] { "clamav-event" })]
    [InlineData("MESSNGR_STATE_DIR", "relative/dir", new[] { "--media-script", "OPS", "s", "m" }, new[] { "media-script", "OPS", "s", "m" })]
    public void An_integration_with_a_messngr_setting_is_messngrs_command(string name, string value, string[] args, string[] expected)
    {
        using var daemon = FakeDaemon.Answering(Socket, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nexit 0\n");
        var environment = Environment;
        environment[name] = value;
        Assert.Equal(99, OneShotClient.RunWithOnly(_client, environment, args).ExitCode);
        Assert.Equal(expected, MessngrArguments ?? []);
        Assert.Equal(0, daemon.Requests);
    }

    /// <summary>400 (e.g. clamav-event without CLAM_VIRUSEVENT_VIRUSNAME) or 503: messngr gives its own usage error or sends itself.</summary>
    [Theory]
    [InlineData(400, new[] { "--clamav-event" }, new[] { "clamav-event" })]
    [InlineData(503, new[] { "--upsmon-notify", "--help" }, new[] { "upsmon-notify", "--help" })]
    [InlineData(400, new[] { "--media-script", "bad name!", "@s", "--m" }, new[] { "media-script", "bad name!", "@s", "--m" })]
    public void A_daemon_that_refuses_an_integration_before_sending_is_followed_by_messngrs_command(int status, string[] args, string[] expected)
    {
        using var daemon = FakeDaemon.Answering(Socket, $"HTTP/1.1 {status} No\r\nContent-Length: 2\r\n\r\n{{}}");
        Assert.Equal(99, OneShotClient.RunWithOnly(_client, Environment, args).ExitCode);
        Assert.Equal(1, daemon.Requests);
        Assert.Equal(expected, MessngrArguments ?? []);
    }

    [Theory]
    [InlineData("", 69, "messngr clamav-event: the daemon closed the connection without an answer")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"a\":1}\n", 76, "messngr clamav-event: the daemon's answer is not the result of a send")]
    [InlineData("HTTP/1.1 200 OK\r\n", 76, "messngr clamav-event: the daemon's answer is not HTTP")]
    public void A_broken_answer_to_an_integration_is_an_error_and_never_a_second_send(string answer, int code, string why)
    {
        using var daemon = FakeDaemon.Answering(Socket, answer);
        var environment = Environment;
        environment["CLAM_VIRUSEVENT_VIRUSNAME"] = "Eicar-Signature";
        var result = OneShotClient.RunWithOnly(_client, environment, "--clamav-event");
        Assert.Equal(code, result.ExitCode);
        Assert.Contains(why, result.Error, StringComparison.Ordinal);
        Assert.Contains("may have been sent", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, daemon.Requests);
        Assert.Null(MessngrArguments);
    }

    /// <summary>A unix-socket "daemon": each connection's request is read to its end of head and body, then <c>answer</c> is written and the connection closed.</summary>
    private sealed class FakeDaemon : IDisposable
    {
        private readonly Socket _listener;
        private readonly Task _serving;
        private readonly byte[] _answer;
        private string _last = string.Empty;
        private int _requests;

        private FakeDaemon(string path, byte[] answer)
        {
            File.Delete(path);
            _answer = answer;
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(path));
            _listener.Listen(4);
            _serving = Task.Run(Serve);
        }

        public int Requests => Volatile.Read(ref _requests);

        public string LastRequest => Volatile.Read(ref _last);

        public static FakeDaemon Answering(string path, string answer) => new(path, Encoding.UTF8.GetBytes(answer));

        public static FakeDaemon Answering(string path, byte[] answer) => new(path, answer);

        public void Dispose()
        {
            _listener.Dispose();
            _serving.Wait(TimeSpan.FromSeconds(30));
        }

        private void Serve()
        {
            while (true)
            {
                Socket connection;
                try
                {
                    connection = _listener.Accept();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (connection)
                {
                    Interlocked.Increment(ref _requests);
                    var request = ReadRequest(connection);
                    Volatile.Write(ref _last, request);
                    try
                    {
                        connection.Send(_answer);
                        connection.Shutdown(SocketShutdown.Send);
                    }
                    catch (SocketException)
                    {
                        // the client stopped reading (the flood test): as it should
                    }
                }
            }
        }

        private static string ReadRequest(Socket connection)
        {
            var received = new List<byte>();
            var buffer = new byte[65536];
            while (true)
            {
                var text = Encoding.UTF8.GetString([.. received]);
                var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headEnd >= 0)
                {
                    var lengthLine = text[..headEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                    var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    if (Encoding.UTF8.GetByteCount(text) - Encoding.UTF8.GetByteCount(text[..(headEnd + 4)]) >= length)
                    {
                        return text;
                    }
                }

                var n = connection.Receive(buffer);
                if (n == 0)
                {
                    return text;
                }

                received.AddRange(buffer.AsSpan(0, n));
            }
        }
    }
}
