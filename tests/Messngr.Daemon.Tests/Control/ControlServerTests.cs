using System.Net.Sockets;
using System.Text;
using Messngr.Cli.Control;
using Messngr.Daemon.Control;
using Microsoft.Extensions.Logging.Abstractions;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Control;

public sealed class ControlServerTests
{
    private static CancellationToken Timeout(int seconds = 10) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Fact]
    public async Task Names_are_listed_with_type_kind_state_owner_and_detail()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var names = await f.Client.ListNamesAsync(Timeout());
        Assert.Equal(4, names.Count);
        Assert.Contains(names, n => n is { Name: "HOSTB", Suffix: 3, Type: "unique", Kind: "computer", State: "registered", OwnerUid: null });
        Assert.Contains(names, n => n is { Name: "LAB", Suffix: 0, Type: "group", Kind: "workgroup" });
        Assert.Contains(names, n => n is { Name: "ROOTALIAS", State: "conflict", OwnerUid: 0, Detail: "held by 10.0.0.9" });
    }

    [Fact]
    public async Task Adding_a_name_passes_the_callers_uid_from_SO_PEERCRED()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var result = await f.Client.AddNameAsync("alice", Timeout());
        Assert.Equal("alice", result.Name);
        Assert.Equal("The message alias ALICE was added.", result.Message);
        Assert.Contains(("add alice", ControlServerFixture.OwnUid()), f.Daemon.Calls);
        Assert.Contains(await f.Client.ListNamesAsync(Timeout()), n => n.Name == "ALICE" && n.OwnerUid == ControlServerFixture.OwnUid());
    }

    [Fact]
    public async Task Adding_a_name_we_hold_is_409_exists()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.AddNameAsync("hostb", Timeout()));
        Assert.Equal(ControlFailure.Rejected, ex.Failure);
        Assert.Equal("exists", ex.Error);
        Assert.Equal(65, ex.ExitCode);
        Assert.Contains("already", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_another_node_holds_is_409_conflict()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.AddNameAsync("BOOM", Timeout()));
        Assert.Equal("conflict", ex.Error);
        Assert.Equal("BOOM is held by 10.0.0.7", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("SIXTEENCHARSLONG")]
    public async Task An_empty_or_overlong_name_is_400_invalid_and_never_reaches_the_daemon(string name)
    {
        await using var f = await ControlServerFixture.StartAsync();
        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.AddNameAsync(name, Timeout()));
        Assert.Equal("invalid", ex.Error);
        Assert.Empty(f.Daemon.Calls);
    }

    [Fact]
    public async Task Deleting_a_name_passes_the_uid_and_an_unknown_name_is_404()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var deleted = await f.Client.DeleteNameAsync("ROOTALIAS", Timeout());
        Assert.Equal("The message alias ROOTALIAS was deleted.", deleted.Message);
        Assert.Contains(("delete ROOTALIAS", ControlServerFixture.OwnUid()), f.Daemon.Calls);

        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.DeleteNameAsync("NOBODY", Timeout()));
        Assert.Equal("not-found", ex.Error);
        Assert.Equal(ControlFailure.Rejected, ex.Failure);
    }

    [Fact]
    public async Task The_computer_name_cannot_be_deleted_even_by_root()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.DeleteNameAsync("hostb", Timeout()));
        Assert.Equal(ControlFailure.PermissionDenied, ex.Failure);
        Assert.Equal(77, ex.ExitCode);
        Assert.Contains("computer name", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Daemon.Calls, c => c.Call.StartsWith("delete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forbidden_outcome_from_the_daemon_is_403()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.DeleteNameAsync("NOTYOURS", Timeout()));
        Assert.Equal("forbidden", ex.Error);
        Assert.Equal("NOTYOURS belongs to someone else", ex.Message);
    }

    [Fact]
    public async Task History_is_newest_first_with_every_field_and_the_limit_reaches_the_daemon()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.AddHistory(FakeDaemonControl.Message(1, "alice", "HOSTB", "first", MessageTransport.Mailslot, secondsAgo: 60));
        f.Daemon.AddHistory(FakeDaemonControl.Message(2, "bob", "HOSTB", "second\nline", MessageTransport.Rpc));
        f.Daemon.AddHistory(FakeDaemonControl.Message(3, "carol", "LAB", "third"));

        var messages = await f.Client.HistoryAsync(2, Timeout());
        Assert.Equal(2, f.Daemon.LastHistoryLimit);
        Assert.Equal([3L, 2L], messages.Select(m => m.Seq));
        var bob = messages[1];
        Assert.Equal(("bob", "HOSTB", "second\nline", "rpc", false, "10.0.0.2", 1139), (bob.From, bob.To, bob.Text, bob.Transport, bob.Authenticated, bob.SourceAddress, bob.SourcePort));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 10, 11, 12, TimeSpan.Zero), bob.ReceivedAt);
        Assert.Contains(("history", ControlServerFixture.OwnUid()), f.Daemon.Calls);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("limit=-1")]
    public async Task A_history_limit_out_of_range_is_400(string query)
    {
        await using var f = await ControlServerFixture.StartAsync();
        var (status, body) = await RawAsync(f.Server.SocketPath, $"GET /v1/history?{query} HTTP/1.1");
        Assert.Equal(400, status);
        Assert.Contains("\"error\":\"invalid\"", body, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"limit must be a number from 1 to 1000\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all=yes")]
    [InlineData("all=")]
    [InlineData("all=true&all=false")]
    public async Task A_history_all_that_is_not_true_or_false_is_400(string query)
    {
        await using var f = await ControlServerFixture.StartAsync();
        var (status, body) = await RawAsync(f.Server.SocketPath, $"GET /v1/history?{query} HTTP/1.1");
        Assert.Equal(400, status);
        Assert.Contains("\"message\":\"all must be true or false\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all=true", true)]
    [InlineData("all=1", true)]
    [InlineData("all=false", false)]
    [InlineData("limit=5", false)]
    public async Task History_all_reaches_the_daemon(string query, bool all)
    {
        await using var f = await ControlServerFixture.StartAsync();
        var (status, _) = await RawAsync(f.Server.SocketPath, $"GET /v1/history?{query} HTTP/1.1");
        Assert.Equal((200, all), (status, f.Daemon.LastHistoryAll));
    }

    [Fact]
    public async Task Listen_delivers_a_message_published_after_connecting()
    {
        await using var f = await ControlServerFixture.StartAsync();
        await using var messages = f.Client.ListenAsync(Timeout()).GetAsyncEnumerator();
        var next = messages.MoveNextAsync().AsTask();
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);
        Assert.False(next.IsCompleted);

        f.Daemon.Publish(FakeDaemonControl.Message(7, "alice", "HOSTB", "lunch?"));
        Assert.True(await next);
        Assert.Equal((7L, "alice", "lunch?", "smb"), (messages.Current.Seq, messages.Current.From, messages.Current.Text, messages.Current.Transport));

        f.Daemon.Publish(FakeDaemonControl.Message(8, "bob", "HOSTB", "and you?"));
        Assert.True(await messages.MoveNextAsync());
        Assert.Equal(8L, messages.Current.Seq);
        Assert.Contains(("listen", ControlServerFixture.OwnUid()), f.Daemon.Calls);
    }

    [Fact]
    public async Task Listen_ends_on_the_server_when_the_client_goes()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(f.Server.SocketPath));
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /v1/listen HTTP/1.1\r\nHost: messngr\r\n\r\n"));
            var buffer = new byte[4096];
            var read = await socket.ReceiveAsync(buffer);
            var head = Encoding.ASCII.GetString(buffer, 0, read);
            Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
            Assert.Contains("application/x-ndjson", head, StringComparison.Ordinal);
        }

        await f.Daemon.ListenCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 0);
    }

    [Fact]
    public async Task Listen_ends_cleanly_for_the_client_when_the_server_stops()
    {
        var f = await ControlServerFixture.StartAsync();
        try
        {
            await using var messages = f.Client.ListenAsync(Timeout()).GetAsyncEnumerator();
            var next = messages.MoveNextAsync().AsTask();
            await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);
            await f.Server.StopAsync(Timeout());
            Assert.False(await next.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(f.Daemon.ListenCancelled.Task.IsCompleted);
        }
        finally
        {
            await f.DisposeAsync();
        }
    }

    [Fact]
    public async Task Status_carries_names_listeners_and_counters()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var status = await f.Client.StatusAsync(Timeout());
        Assert.Equal(("HOSTB", "LAB"), (status.NetBiosName, status.Workgroup));
        Assert.Equal(4, status.Names.Count);
        Assert.Contains(status.Listeners, l => l is { Name: "name service", Protocol: "udp", EndPoint: "0.0.0.0:137", Bound: true, Error: null });
        Assert.Contains(status.Listeners, l => l is { Name: "session service", Bound: false, Error: "Permission denied" });
        Assert.Equal(12, status.Counters["accepted"]);
        Assert.Equal(3, status.Counters["rejected.source"]);
        Assert.Equal(1, status.Counters["malformed"]);
    }

    [Fact]
    public async Task A_daemon_failure_is_500_internal_without_the_exception_text()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.StatusFailure = new InvalidOperationException("secret detail");
        var ex = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.StatusAsync(Timeout()));
        Assert.Equal(ControlFailure.Protocol, ex.Failure);
        Assert.Equal("internal", ex.Error);
        Assert.Equal(70, ex.ExitCode);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_store_answers_history_with_503_and_the_reason()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.HistoryFailure = new StoreException("the message store cannot be read: the database is corrupt or not a messngr store (SQLite Error 11)");
        var (status, body) = await RawAsync(f.Server.SocketPath, "GET /v1/history HTTP/1.1");
        Assert.Equal(503, status);
        Assert.Contains("\"error\":\"store-failing\"", body, StringComparison.Ordinal);
        Assert.Contains("the database is corrupt", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_wrong_methods_405_as_json_errors()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var (status, body) = await RawAsync(f.Server.SocketPath, "GET /v2/names HTTP/1.1");
        Assert.Equal(404, status);
        Assert.Contains("\"error\":\"not-found\"", body, StringComparison.Ordinal);

        (status, body) = await RawAsync(f.Server.SocketPath, "PUT /v1/status HTTP/1.1");
        Assert.Equal(405, status);
        Assert.Contains("\"error\":\"method-not-allowed\"", body, StringComparison.Ordinal);
        Assert.Contains("Allow: GET", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_400()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var (status, body) = await RawAsync(f.Server.SocketPath, "POST /v1/names HTTP/1.1", "Content-Type: application/json\r\nContent-Length: 5\r\n", "{nam}");
        Assert.Equal(400, status);
        Assert.Contains("\"error\":\"invalid\"", body, StringComparison.Ordinal);
        Assert.Empty(f.Daemon.Calls);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_socket_is_mode_0666_in_the_state_dir_and_removed_at_stop()
    {
        var f = await ControlServerFixture.StartAsync();
        try
        {
            Assert.Equal(Path.Combine(f.StateDirectory, "control.sock"), f.Server.SocketPath);
            Assert.Equal((UnixFileMode)0b110_110_110, File.GetUnixFileMode(f.Server.SocketPath));
            await f.Server.StopAsync(Timeout());
            Assert.False(File.Exists(f.Server.SocketPath));
        }
        finally
        {
            await f.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stale_socket_is_replaced_at_start()
    {
        var dir = Directory.CreateTempSubdirectory("messngr-ctl-").FullName;
        try
        {
            var path = ControlServer.SocketPathFor(dir);
            StaleSocket.Create(path);
            await using var server = new ControlServer(new FakeDaemonControl(), dir, NullLoggerFactory.Instance);
            await server.StartAsync(Timeout());
            var client = new ControlClient(path);
            Assert.Equal(4, (await client.ListNamesAsync(Timeout())).Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_second_daemon_on_the_same_state_dir_does_not_steal_the_socket()
    {
        await using var f = await ControlServerFixture.StartAsync();
        await using var second = new ControlServer(new FakeDaemonControl(), f.StateDirectory, NullLoggerFactory.Instance);
        var ex = await Assert.ThrowsAsync<IOException>(() => second.StartAsync(Timeout()));
        Assert.Contains("another messngr daemon", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await f.Client.ListNamesAsync(Timeout())).Count);
    }

    [Fact]
    public async Task A_missing_state_dir_is_created()
    {
        var parent = Directory.CreateTempSubdirectory("messngr-ctl-").FullName;
        try
        {
            var dir = Path.Combine(parent, "state");
            await using var server = new ControlServer(new FakeDaemonControl(), dir, NullLoggerFactory.Instance);
            await server.StartAsync(Timeout());
            Assert.True(File.Exists(Path.Combine(dir, "control.sock")));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_daemon_the_client_asks_whether_serve_is_running()
    {
        var dir = Directory.CreateTempSubdirectory("messngr-ctl-").FullName;
        try
        {
            var client = new ControlClient(ControlServer.SocketPathFor(dir));
            var ex = await Assert.ThrowsAsync<ControlClientException>(() => client.StatusAsync(Timeout()));
            Assert.Equal(ControlFailure.Unavailable, ex.Failure);
            Assert.Equal(69, ex.ExitCode);
            Assert.Equal($"is 'messngr serve' running? socket {dir}/control.sock not found (use --state-dir DIR for another daemon)", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_reported_as_left_over()
    {
        var dir = Directory.CreateTempSubdirectory("messngr-ctl-").FullName;
        try
        {
            var path = ControlServer.SocketPathFor(dir);
            StaleSocket.Create(path);

            var client = new ControlClient(path);
            var ex = await Assert.ThrowsAsync<ControlClientException>(() => client.ListNamesAsync(Timeout()));
            Assert.Equal(ControlFailure.Unavailable, ex.Failure);
            Assert.Contains("no daemon answers on", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>One raw HTTP/1.1 exchange (Connection: close): the status code and the whole response text.</summary>
    internal static async Task<(int Status, string Response)> RawAsync(string socketPath, string requestLine, string headers = "", string body = "")
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await socket.SendAsync(Encoding.ASCII.GetBytes($"{requestLine}\r\nHost: messngr\r\nConnection: close\r\n{headers}\r\n{body}"));
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(Timeout());
        return (int.Parse(response.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), response);
    }
}
