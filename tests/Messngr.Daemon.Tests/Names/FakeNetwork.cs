using System.Net;
using Messngr.Daemon.Names;
using Messngr.Daemon.Users;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Tests.Names;

/// <summary>Records what the name service sends, parsed.</summary>
internal sealed class FakeSender : INbnsSender
{
    private readonly Lock _gate = new();
    private readonly List<(NbnsPacket Packet, IPEndPoint To, byte[] Bytes)> _sent = [];

    public IReadOnlyList<(NbnsPacket Packet, IPEndPoint To, byte[] Bytes)> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        Assert.True(NbnsPacket.TryParse(datagram, out var packet, out var error), error.ToString());
        lock (_gate)
        {
            _sent.Add((packet!, to, datagram.ToArray()));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _sent.Clear();
        }
    }
}

/// <summary>utmp as the test says it is.</summary>
internal sealed class FakeUsers : ILoggedOnUsers
{
    public List<LoggedOnUser> Users { get; } = [];

    public IReadOnlyList<LoggedOnUser> Current() => [.. Users];
}

/// <summary>A fixed interface list.</summary>
internal sealed class FakeInterfaces(params NbnsInterface[] interfaces) : INetworkInterfaces
{
    public IReadOnlyList<NbnsInterface> Current() => interfaces;
}
