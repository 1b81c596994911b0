using System.Net;
using Messngr.Daemon.Control;
using Messngr.Daemon.Core;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Names;
using Messngr.Daemon.Options;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Names;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #10, item 3, through the real control socket, name service and store, as a second uid:
/// the requests come from a child dropped to uid 65534 (nobody) with setpriv(1), so SO_PEERCRED
/// carries a real non-root uid. The accounts are root (0), alice (1000), nobody (65534) and a
/// login name longer than 15 characters. Needs root to drop privileges (CI runs as root).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NameClaimTests : IAsyncLifetime
{
    private const uint Alice = 1000;
    private const uint Nobody = 65534;

    private const string Passwd = """
        root:x:0:0:root:/root:/bin/bash
        alice:x:1000:1000:Alice:/home/alice:/bin/bash
        administrator-of-backups:x:1001:1001::/home/backup:/bin/sh
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        """;

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("messngr-claim-").FullName;
    private NameService _names = null!;
    private SqliteMessageStore _store = null!;
    private MessagePipeline _pipeline = null!;
    private DaemonControl _control = null!;
    private ControlServer _server = null!;

    public async Task InitializeAsync()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        File.SetUnixFileMode(_stateDirectory, StateDirectory.DirectoryMode);
        var passwd = Path.Combine(_stateDirectory, "passwd");
        await File.WriteAllTextAsync(passwd, Passwd);
        var accounts = new UserAccounts(passwd, useSystemLookup: false);
        var options = new ServeOptions { NetBiosName = "HOSTB", Workgroup = "LAB", StateDirectory = _stateDirectory, MaxAliasesPerUser = 2 };
        var table = LocalNames.FromOptions(options);
        var settings = NameServiceSettings.FromOptions(options) with { AccountUid = accounts.UidByNetBiosName };
        _names = new NameService(table, settings, null, new FakeInterfaces(), TimeProvider.System, NullLogger.Instance);
        _names.Start(null); // names are held locally at once
        _store = new SqliteMessageStore(_stateDirectory);
        _pipeline = new MessagePipeline(new ListenerCounters(), _store, to => MessageOwner.Of(_names.Snapshot(), to));
        _control = new DaemonControl(_names, _store, new MessageFeed(), () => throw new NotSupportedException());
        _server = new ControlServer(_control, _stateDirectory, NullLoggerFactory.Instance);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _names.DisposeAsync();
        _store.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    private static string Add(string name) => $$"""POST /v1/names|{"name":"{{name}}"}""";

    [Fact]
    public async Task A_user_may_not_add_the_login_name_of_another_account()
    {
        var answers = await AsNobodyAsync(Add("ALICE"), Add("root"), Add("ADMINISTRATOR-O"));

        Assert.All(answers, a => Assert.StartsWith("403 ", a, StringComparison.Ordinal));
        Assert.Contains("ALICE is the login name of another account (uid 1000)", answers[0], StringComparison.Ordinal);
        Assert.Contains("uid 0", answers[1], StringComparison.Ordinal);
        Assert.Contains("uid 1001", answers[2], StringComparison.Ordinal); // cut to 15 as NetBIOS cuts it
        Assert.DoesNotContain(_names.Snapshot(), n => n.Kind == NameKind.Alias);
    }

    [Fact]
    public async Task A_user_may_not_add_the_computer_name_or_the_workgroup()
    {
        var answers = await AsNobodyAsync(Add("hostb"), Add("LAB"));

        Assert.StartsWith("403 ", answers[0], StringComparison.Ordinal);
        Assert.Contains("computer name", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("400 ", answers[1], StringComparison.Ordinal);
        Assert.Contains("workgroup", answers[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_may_not_add_a_name_registered_by_someone_else()
    {
        Assert.Equal(NameChangeOutcome.Ok, (await _control.AddNameAsync("BOSS", Alice, CancellationToken.None)).Outcome);

        var answer = Assert.Single(await AsNobodyAsync(Add("boss")));

        Assert.StartsWith("409 ", answer, StringComparison.Ordinal);
        Assert.Equal(Alice, _names.Snapshot().Single(n => n.Name.Trim() == "BOSS").OwnerUid);
    }

    [Fact]
    public async Task A_user_may_add_their_own_login_name_and_at_most_max_aliases_root_is_not_limited()
    {
        var answers = await AsNobodyAsync(Add("nobody"), Add("HELPDESK"), Add("ONEMORE"));

        Assert.StartsWith("201 ", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("201 ", answers[1], StringComparison.Ordinal);
        Assert.StartsWith("403 ", answers[2], StringComparison.Ordinal);
        Assert.Contains("max aliases", answers[2], StringComparison.Ordinal);
        foreach (var name in (string[])["R1", "R2", "R3"])
        {
            Assert.Equal(NameChangeOutcome.Ok, (await _control.AddNameAsync(name, 0, CancellationToken.None)).Outcome);
        }
    }

    [Fact]
    public async Task Who_may_read_a_message_is_who_owned_its_name_when_it_arrived()
    {
        Assert.Equal(NameChangeOutcome.Ok, (await _control.AddNameAsync("SHARED", Alice, CancellationToken.None)).Outcome);
        Assert.NotNull(await _pipeline.PublishAsync(Message("SHARED", "for alice's eyes")));
        Assert.NotNull(await _pipeline.PublishAsync(Message("HOSTB", "to everyone")));
        Assert.Equal(NameChangeOutcome.Ok, (await _control.DeleteNameAsync("SHARED", Alice, CancellationToken.None)).Outcome);

        var answers = await AsNobodyAsync(Add("SHARED"));
        Assert.StartsWith("201 ", answers[0], StringComparison.Ordinal);
        Assert.NotNull(await _pipeline.PublishAsync(Message("SHARED", "for nobody now")));

        var history = Assert.Single(await AsNobodyAsync("GET /v1/history"));
        Assert.StartsWith("200 ", history, StringComparison.Ordinal);
        Assert.Contains("for nobody now", history, StringComparison.Ordinal);
        Assert.Contains("to everyone", history, StringComparison.Ordinal);
        Assert.DoesNotContain("for alice's eyes", history, StringComparison.Ordinal);
        Assert.Equal(["for nobody now", "to everyone"], _control.History(Nobody, 10).Select(m => m.Message.Text));
        Assert.Equal(["to everyone", "for alice's eyes"], _control.History(Alice, 10).Select(m => m.Message.Text));
    }

    private static ReceivedMessage Message(string to, string text) =>
        new("carol", to, text, MessageTransport.Smb, new IPEndPoint(IPAddress.Loopback, 40000), DateTimeOffset.UtcNow);

    private Task<string[]> AsNobodyAsync(params string[] requests) => NobodyClient.RunAsync(_server.SocketPath, requests);
}
