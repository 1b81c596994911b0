using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Options;
using Messngr.Daemon.Store;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Store;

/// <summary>
/// Issue #10, item 10: the store on a tiny tmpfs (mount(8), needs root as CI has) that fills up.
/// The session listener keeps running, the sender gets ERRnoroom / STATUS_DISK_FULL, the failure
/// is counted and shown in status with its reason, and the next message after space came back
/// is stored.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly string _mount = Directory.CreateTempSubdirectory("messngr-full-").FullName;
    private bool _mounted;

    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", _mount);
        }

        Directory.Delete(_mount, recursive: true);
    }

    [Fact]
    public async Task A_full_disk_refuses_messages_with_no_room_shows_why_in_status_and_recovers()
    {
        Assert.True(Control.ControlServerFixture.OwnUid() == 0, "this test mounts a tmpfs and needs root (CI runs as root)");
        Run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", _mount);
        _mounted = true;

        var options = new ServeOptions { NetBiosName = "HOSTB", Workgroup = "LAB", StateDirectory = Path.Combine(_mount, "state") };
        var counters = new ListenerCounters();
        using var store = new SqliteMessageStore(options.StateDirectory);
        var pipeline = new MessagePipeline(counters, store);
        var writer = Task.Run(pipeline.RunAsync);
        await using var listener = new SessionListener(new IPEndPoint(IPAddress.Loopback, 0), LocalNames.FromOptions(options), pipeline, counters, NullLogger.Instance);
        listener.Start(CancellationToken.None);
        Assert.True(listener.Status.Bound, listener.Status.Error);

        Assert.False((await SendAsync(listener.BoundPort, "before")).Header.IsError);

        // Fill the file system to the last byte.
        var filler = Path.Combine(_mount, "filler");
        await using (var fill = new FileStream(filler, FileMode.CreateNew, FileAccess.Write))
        {
            var block = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    fill.Write(block);
                    fill.Flush();
                }
            }
            catch (IOException)
            {
                // ENOSPC: full
            }
        }

        var refused = await SendAsync(listener.BoundPort, new string('f', 120));
        Assert.True(refused.Header.IsError, "a message the store cannot commit must not be acknowledged");
        Assert.True(refused.Header.DosError == SmbDosError.ERRnoroom || refused.Header.Status == (uint)NtStatus.STATUS_DISK_FULL, $"expected no room, got {refused.Header.DosError} / 0x{refused.Header.Status:X8}");
        Assert.Equal(1, counters.StoreFailures);
        Assert.False(store.Health.Ok);
        Assert.Contains("disk is full", store.Health.Detail, StringComparison.Ordinal);
        var status = ControlDtoMapper.ToDto(new DaemonStatus("HOSTB", "LAB", DateTimeOffset.UtcNow, [], [], counters.Snapshot()) { Store = store.Health });
        Assert.Equal(("failing", 1L), (status.StoreState, status.Counters["storeFailures"]));
        Assert.Contains("disk is full", status.StoreDetail, StringComparison.Ordinal);

        File.Delete(filler);
        Assert.False((await SendAsync(listener.BoundPort, "after")).Header.IsError);
        Assert.True(store.Health.Ok, store.Health.Detail);
        Assert.Equal(["after", "before"], store.History(10).Select(m => m.Message.Text));

        pipeline.Complete();
        await writer;
    }

    [Fact]
    public void A_full_disk_refuses_an_outgoing_message_shows_why_and_recovers_without_losing_the_outbox()
    {
        // Issue #13, item 1: the outbox fails as the messages do — thrown to the caller, kept in Health.
        Assert.True(Control.ControlServerFixture.OwnUid() == 0, "this test mounts a tmpfs and needs root (CI runs as root)");
        Run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", _mount);
        _mounted = true;

        using var store = new SqliteMessageStore(Path.Combine(_mount, "state"));
        var now = DateTimeOffset.UtcNow;
        var before = new OutgoingMessage(MessageId.New(), "bob", "alice", 1000, "before", now);
        Assert.Equal(EnqueueOutcome.Queued, store.EnqueueOutgoing(before));

        var filler = Path.Combine(_mount, "filler");
        Fill(filler);

        var refused = new OutgoingMessage(MessageId.New(), "bob", "alice", 1000, new string('f', 64 * 1024), now);
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => store.EnqueueOutgoing(refused));
        Assert.False(store.Health.Ok);
        Assert.Contains("disk is full", store.Health.Detail, StringComparison.Ordinal);

        File.Delete(filler);
        var after = new OutgoingMessage(MessageId.New(), "bob", "alice", 1000, "after", now);
        Assert.Equal(EnqueueOutcome.Queued, store.EnqueueOutgoing(after));
        Assert.True(store.Health.Ok, store.Health.Detail);
        Assert.Null(store.FindOutgoing(refused.Id));
        Assert.Equal(["before", "after"], store.DueOutgoing(now, 10).Select(m => m.Text).Order(StringComparer.Ordinal).Reverse());
    }

    private static void Fill(string filler)
    {
        using var fill = new FileStream(filler, FileMode.CreateNew, FileAccess.Write);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                fill.Write(block);
                fill.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full
        }
    }

    /// <summary>One NBSS session to HOSTB with one SMB_COM_SEND_MESSAGE; the SMB reply.</summary>
    private static async Task<SmbMessage> SendAsync(int port, string text)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(new SessionRequestPacket(NetBiosName.Create("HOSTB", 3), NetBiosName.Create("SENDERPC", 0)).ToArray());
        Assert.IsType<PositiveSessionResponsePacket>(await ReadFrameAsync(stream));
        await stream.WriteAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, SendMessageRequest.Create("ALICE", "HOSTB", Wire.MessageText.Encode(text))).ToSessionMessage());
        var frame = Assert.IsType<SessionMessagePacket>(await ReadFrameAsync(stream));
        Assert.True(SmbMessage.TryParse(frame.Payload.Span, out var smb, out var error), error.ToString());
        return smb!;
    }

    private static async Task<NbssPacket> ReadFrameAsync(NetworkStream stream)
    {
        var pending = new List<byte>();
        var chunk = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(pending.ToArray());
            if (NbssPacket.TryReadFrame(ref sequence, out var frame, out _) == NbssReadResult.Frame)
            {
                return frame!;
            }

            var read = await stream.ReadAsync(chunk, timeout.Token);
            Assert.True(read > 0, "the listener closed the connection");
            pending.AddRange(chunk.AsSpan(0, read).ToArray());
        }
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {error}");
    }
}
