using System.Net;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Names;
using Messngr.Daemon.Options;
using Messngr.Daemon.Tests.Names;
using Messngr.Wire.NetBios.NameService;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Listeners;

/// <summary>
/// Issue #11 item 4: at shutdown a P-node sends one NAME RELEASE REQUEST per name and stops on
/// the WINS server's response (RFC 1002 §5.1.2.4) — also after the daemon's stop signal reached
/// the UDP 137 listener, which must still hear that response. The clock is fake and never moves,
/// so a release that waits for its retries never ends.
/// </summary>
public sealed class WinsReleaseAtShutdownTests : IAsyncLifetime
{
    private readonly LoopbackUdp _wins = new();
    private readonly CancellationTokenSource _daemonStop = new();
    private readonly FakeTime _time = new();
    private LocalNames _names = null!;
    private NameService _service = null!;
    private NameServiceListener _listener = null!;

    public Task InitializeAsync()
    {
        var options = new ServeOptions
        {
            NetBiosName = "HOSTB", Workgroup = "LAB", Aliases = ["ALICE"], StateDirectory = Path.GetTempPath(),
            BindAddress = IPAddress.Loopback, WinsServer = _wins.LocalEndPoint,
        };
        _names = LocalNames.FromOptions(options);
        _service = new NameService(
            _names, NameServiceSettings.FromOptions(options), null, new FakeInterfaces(), _time, ListenerFixture.Logger);
        _listener = new NameServiceListener(ListenerFixture.AnyPort, _service, new ListenerCounters(), ListenerFixture.Logger);
        ((IListener)_listener).Start(_daemonStop.Token); // as MessengerDaemon starts it
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
        _wins.Dispose();
        _daemonStop.Dispose();
    }

    /// <summary>Answers every request the fake WINS server gets until <paramref name="count"/> arrived; returns them.</summary>
    private async Task<List<NbnsPacket>> AnswerAsync(int count, Func<NbnsPacket, NbnsPacket> answer)
    {
        var requests = new List<NbnsPacket>();
        while (requests.Count < count)
        {
            var bytes = await _wins.ReceiveAsync(10_000);
            Assert.NotNull(bytes);
            Assert.True(NbnsPacket.TryParse(bytes, out var request, out var error), error.ToString());
            requests.Add(request!);
            _wins.Send(answer(request!).ToArray(), _listener.BoundPort);
        }

        return requests;
    }

    private static NbAddressEntry Entry(NbnsPacket request) => Assert.IsType<NbRData>(request.Additional!.Data).Entries[0];

    [Fact]
    public async Task Each_name_is_released_once_when_the_wins_server_answers_after_the_stop_signal()
    {
        _service.Start(_listener);
        var names = _names.All.Count;
        await AnswerAsync(names, r => NbnsPackets.PositiveRegistrationResponse(r.TransactionId, r.Question!.Name, Entry(r), 21_600));
        Assert.True(SpinWait.SpinUntil(() => _names.All.All(n => n.State == NameState.Registered), TimeSpan.FromSeconds(10)));

        await _daemonStop.CancelAsync();
        var stop = _service.StopAsync(CancellationToken.None);
        var releases = await AnswerAsync(names, r => NbnsPackets.PositiveReleaseResponse(r.TransactionId, r.Question!.Name, Entry(r)));
        await stop.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(releases, r => Assert.Equal(0x3000, r.Flags.Value));
        Assert.Equal(names, releases.Select(r => r.Question!.Name).Distinct().Count());
        Assert.Null(await _wins.ReceiveAsync(200));
    }
}
