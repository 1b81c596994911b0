using System.Net;
using System.Net.NetworkInformation;
using Messngr.Daemon.Resolution;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Tests.Resolution;

/// <summary>Node status (RFC 1002 4.2.17/4.2.18, protocols.md §2.4) against a scripted peer on loopback.</summary>
public sealed class NodeStatusClientTests
{
    private static ResolutionSettings Settings(int port) => new()
    {
        BindAddress = IPAddress.Loopback,
        NameServicePort = port,
        UnicastRetryTimeout = TimeSpan.FromMilliseconds(150),
    };

    private static readonly NodeStatusName[] NmbdTable =
    [
        new(NetBiosName.Create("NMBTEST", 0x00), NodeNameFlags.Create(false, NbnsNodeType.BNode)),
        new(NetBiosName.Create("NMBTEST", 0x03), NodeNameFlags.Create(false, NbnsNodeType.BNode, conflict: true)),
        new(NetBiosName.Create("TESTWG", 0x1E), NodeNameFlags.Create(true, NbnsNodeType.HNode, deregistering: true, permanent: true)),
    ];

    [Fact]
    public async Task Node_status_reply_is_parsed_into_names_flags_and_MAC()
    {
        var mac = PhysicalAddress.Parse("52-54-00-12-34-56");
        using var peer = new NbnsResponder((q, _) =>
        [
            NbnsPackets.NodeStatusResponse((ushort)(q.TransactionId ^ 1), NetBiosName.Wildcard, []).ToArray(),
            [0x01, 0x02],
            NbnsPackets.NodeStatusResponse(q.TransactionId, NetBiosName.Wildcard, NmbdTable, new NodeStatistics { UnitId = mac }).ToArray(),
        ]);
        var result = await NodeStatusClient.QueryAsync(IPAddress.Loopback, Settings(peer.Port), CancellationToken.None);
        Assert.True(result.Answered);
        Assert.Equal(NmbdTable, result.Names);
        Assert.Equal(mac, result.Mac);
        Assert.Equal(2, result.Ignored);
        var request = Assert.Single(peer.Requests);
        Assert.Equal(0x0000, request.Flags.Value);
        Assert.Equal(NbnsRrType.NBSTAT, request.Question!.Type);
        Assert.True(request.Question.Name.IsWildcard);
        Assert.True(result.Names[1].Flags.IsInConflict);
        Assert.True(result.Names[2].Flags.IsGroup && result.Names[2].Flags.IsDeregistering && result.Names[2].Flags.IsPermanent);
    }

    [Fact]
    public async Task Node_status_from_another_address_is_ignored_and_silence_is_no_answer()
    {
        using var other = new NbnsResponder((_, _) => [], IPAddress.Parse("127.0.0.3"));
        using var peer = new NbnsResponder((q, from) =>
        {
            other.Send(NbnsPackets.NodeStatusResponse(q.TransactionId, NetBiosName.Wildcard, NmbdTable).ToArray(), from);
            return [];
        });
        var result = await NodeStatusClient.QueryAsync(IPAddress.Loopback, Settings(peer.Port), CancellationToken.None);
        Assert.False(result.Answered);
        Assert.Empty(result.Names);
        Assert.Equal(3, peer.Requests.Count);
        Assert.Equal(3, result.Ignored);
    }

    [Fact]
    public async Task Node_status_with_a_truncated_name_table_is_ignored()
    {
        using var peer = new NbnsResponder((q, _) =>
        {
            var good = NbnsPackets.NodeStatusResponse(q.TransactionId, NetBiosName.Wildcard, NmbdTable).ToArray();
            return [good[..^10]];
        });
        var result = await NodeStatusClient.QueryAsync(IPAddress.Loopback, Settings(peer.Port), CancellationToken.None);
        Assert.False(result.Answered);
        Assert.Equal(3, result.Ignored);
    }
}
