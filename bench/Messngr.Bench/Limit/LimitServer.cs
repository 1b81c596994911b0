using System.Net;
using System.Net.Sockets;
using Messngr.Wire.NetBios;

namespace Messngr.Bench.Limit;

/// <summary>
/// <c>Messngr.Bench limit --address A --name N --store FILE</c>: the "limit" peer, a separate
/// process started in its own namespace. NBNS on UDP 137, mailslot datagrams on UDP 138,
/// NBSS+SMB on TCP 139 and NetrSendMessage on UDP 135, all bound to <c>A</c>. Prints
/// "limit ready" when every socket is bound; ends on SIGTERM or when standard input closes.
/// </summary>
internal static class LimitServer
{
    public static int Run(IReadOnlyList<string> args)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new ArgumentException($"limit: {name} is required");
        var address = IPAddress.Parse(Arg("--address"));
        var name = Arg("--name");
        using var store = new LimitStore(Arg("--store"));
        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        using var nbns = Udp(address, 137);
        using var mailslot = Udp(address, 138);
        using var rpc = Udp(address, 135);
        using var smb = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        smb.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        smb.Bind(new IPEndPoint(address, 139));
        smb.Listen(1024);

        var datagrams = new DatagramResponder(NetBiosName.Create(name, NetBiosName.SuffixMessenger), store);
        var threads = new[]
        {
            Loop("nbns", () => new NbnsResponder(address, NetBiosName.Create(name, NetBiosName.SuffixWorkstation)).Run(nbns, stop.Token)),
            Loop("mailslot", () => datagrams.RunMailslot(mailslot, stop.Token)),
            Loop("rpc", () => datagrams.RunRpc(rpc, stop.Token)),
        };
        var session = Task.Run(() => new SmbResponder(NetBiosName.Create(name, NetBiosName.SuffixMessenger), store).RunAsync(smb, stop.Token));
        Console.WriteLine("limit ready");

        // Standard input closing (the bench went away) also ends the limit.
        var stdin = Task.Run(() => Console.In.ReadToEnd());
        Task.WaitAny([stdin, session], Timeout.Infinite);
        stop.Cancel();
        Console.Error.WriteLine(session.IsFaulted ? $"limit: session listener failed: {session.Exception!.GetBaseException().Message}" : "limit: stopping");
        return session.IsFaulted ? 1 : 0;
    }

    private static Socket Udp(IPAddress address, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        socket.Bind(new IPEndPoint(address, port));
        return socket;
    }

    private static Thread Loop(string name, Action body)
    {
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (ObjectDisposedException)
            {
                // shutdown
            }
        })
        { IsBackground = true, Name = $"limit {name}" };
        thread.Start();
        return thread;
    }
}
