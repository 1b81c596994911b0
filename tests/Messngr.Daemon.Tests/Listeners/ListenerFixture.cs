using System.Net;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Options;
using Messngr.Daemon.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Listeners;

/// <summary>Names, counters and pipeline for one listener under test, on 127.0.0.1:0.</summary>
internal sealed class ListenerFixture
{
    public ListenerFixture(string name = "HOSTB", string workgroup = "LAB", params string[] aliases)
    {
        Options = new ServeOptions { NetBiosName = name, Workgroup = workgroup, Aliases = aliases, StateDirectory = Path.GetTempPath() };
        Names = LocalNames.FromOptions(Options);
        Counters = new ListenerCounters();
        Store = new SqliteMessageStore(Directory.CreateTempSubdirectory("messngr-listener-").FullName);
        Pipeline = new MessagePipeline(Counters, Store);
        _ = Task.Run(Pipeline.RunAsync);
    }

    /// <summary>A real store in a fresh temp directory, so tests see only committed messages.</summary>
    public SqliteMessageStore Store { get; }

    public ServeOptions Options { get; }

    public LocalNames Names { get; }

    public ListenerCounters Counters { get; }

    public MessagePipeline Pipeline { get; }

    public static IPEndPoint AnyPort => new(IPAddress.Loopback, 0);

    public static NullLogger Logger => NullLogger.Instance;

    /// <summary>The next message the listener published, or null after a timeout.</summary>
    public async Task<ReceivedMessage?> NextMessageAsync(int milliseconds = 3000)
    {
        using var timeout = new CancellationTokenSource(milliseconds);
        try
        {
            await foreach (var stored in Pipeline.ReadCommittedAsync(timeout.Token))
            {
                return stored.Message;
            }
        }
        catch (OperationCanceledException)
        {
            // no message in time
        }

        return null;
    }
}
