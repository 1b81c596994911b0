using System.Net;
using System.Net.NetworkInformation;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Names;
using Messngr.Daemon.Options;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Microsoft.Extensions.Logging.Abstractions;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Names;

/// <summary>
/// A name service on a fake clock and a fake socket: we are 10.0.0.1/24 (broadcast
/// 10.0.0.255:137), HOSTB in LAB with the alias ALICE; our first NAME_TRN_ID is 0x1000.
/// </summary>
internal sealed class NameServiceHarness
{
    public static readonly IPAddress Us = IPAddress.Parse("10.0.0.1");
    public static readonly IPEndPoint Broadcast = new(IPAddress.Parse("10.0.0.255"), 137);
    public static readonly IPEndPoint Wins = new(IPAddress.Parse("10.0.0.9"), 137);
    public static readonly IPEndPoint Peer = new(IPAddress.Parse("10.0.0.5"), 137);
    public static readonly PhysicalAddress Mac = PhysicalAddress.Parse("02-00-5E-10-00-01");

    public NameServiceHarness(bool wins = false, params string[] aliases)
        : this(wins, nodeStatusUsers: false, aliases)
    {
    }

    public NameServiceHarness(bool wins, bool nodeStatusUsers, params string[] aliases)
        : this(wins, nodeStatusUsers, releaseOnDemand: false, aliases)
    {
    }

    /// <param name="releaseOnDemand">'name release on demand': unsolicited conflict demands are obeyed.</param>
    public NameServiceHarness(bool wins, bool nodeStatusUsers, bool releaseOnDemand, string[] aliases)
    {
        var options = new ServeOptions
        {
            NetBiosName = "HOSTB",
            Workgroup = "LAB",
            Aliases = aliases.Length == 0 ? ["ALICE"] : aliases,
            StateDirectory = Path.GetTempPath(),
            BindAddress = Us,
            WinsServer = wins ? Wins : null,
            NodeStatusUsers = nodeStatusUsers,
            NameReleaseOnDemand = releaseOnDemand,
        };
        Names = LocalNames.FromOptions(options);
        Settings = NameServiceSettings.FromOptions(options) with { FirstTransactionId = 0x1000 };
        Service = new NameService(
            Names, Settings, Users, new FakeInterfaces(new NbnsInterface(Us, Broadcast.Address, Mac, false)), Time, NullLogger.Instance);
    }

    public LocalNames Names { get; }

    public NameServiceSettings Settings { get; }

    public FakeTime Time { get; } = new();

    public FakeSender Sender { get; } = new();

    public FakeUsers Users { get; } = new();

    public NameService Service { get; }

    /// <summary>A B-node harness that obeys NAME CONFLICT DEMANDs (the way tests put a name in conflict).</summary>
    public static NameServiceHarness ObeyingDemands() => new(wins: false, nodeStatusUsers: false, releaseOnDemand: true, []);

    public static NetBiosName Name(string name, byte suffix = NetBiosName.SuffixMessenger) => NetBiosName.Create(name, suffix);

    public void Start() => Service.Start(Sender);

    /// <summary>Starts and lets every broadcast registration run out unanswered.</summary>
    public void StartAndRegister()
    {
        Start();
        Time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.All(Names.All, n => Assert.Equal(NameState.Registered, n.State));
        Sender.Clear();
    }

    public LocalName Entry(NetBiosName name) => Names.FindAny(name) ?? throw new InvalidOperationException($"{name} is not in the table");

    /// <summary>What we sent for <paramref name="name"/>: the question name of requests, the answer name of responses.</summary>
    public IReadOnlyList<(NbnsPacket Packet, IPEndPoint To, byte[] Bytes)> SentFor(NetBiosName name) =>
        [.. Sender.Sent.Where(s => (s.Packet.Question?.Name ?? s.Packet.Answer?.NetBiosName) == name)];

    /// <summary>Feeds a packet from <paramref name="from"/>; the reply we would send back, if any.</summary>
    public NbnsPacket? Receive(NbnsPacket packet, IPEndPoint? from = null)
    {
        Service.Handle(packet, from ?? Peer, out var reply);
        if (reply is not null)
        {
            // Round trip through the codec, as the listener would send it.
            Assert.True(NbnsPacket.TryParse(reply.ToArray(), out var parsed, out var error), error.ToString());
            return parsed;
        }

        return null;
    }

    /// <summary>Waits (real time, at most 5 s) for work that continues on another thread, e.g. after an await in StopAsync.</summary>
    public static void Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < until)
        {
            Thread.Sleep(5);
        }

        Assert.True(condition());
    }

    /// <summary>A registration request from <paramref name="from"/>'s address, as another B-node sends it.</summary>
    public static NbnsPacket RegistrationFrom(ushort id, NetBiosName name, bool group, IPEndPoint from) =>
        NbnsPackets.RegistrationRequest(id, name, new NbAddressEntry(NbFlags.Create(group, NbnsNodeType.BNode), from.Address), 0, broadcast: true);
}
