using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Messngr.Daemon.Core;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Sinks.HookLaunch;

/// <summary>
/// The exec hook of a daemon that drops root: started while still root, it runs
/// <c>messngr hook-runner</c> (<see cref="HookLauncher"/>) as a root child, hands it the hook's
/// settings once and then each message as a JSON line over a pipe. Delivery never waits: a bounded
/// queue feeds one writer task, and a message that finds the queue full (or the launcher gone) is
/// dropped and counted, as <see cref="ExecHookSink"/> does.
/// </summary>
internal sealed class HookLauncherSink : IMessageSink, IAsyncDisposable
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly ExecHookOptions _options;
    private readonly ILogger _logger;
    private readonly Process _process;
    private readonly Channel<ReceivedMessage> _queue;
    private readonly Task _writer;
    private readonly ListenerCounters? _counters;
    private long _dropped;
    private int _disposed;

    /// <param name="counters">Where drops are also counted for <c>messngr status</c> (<c>droppedSink.hook</c>).</param>
    public HookLauncherSink(ExecHookOptions options, IReadOnlyList<string> launcherCommand, ILogger logger, ListenerCounters? counters = null)
    {
        options.Validate();
        _counters = counters;
        _counters?.RegisterSink(ExecHookSink.SinkName);
        _options = options;
        _logger = logger;
        var start = new ProcessStartInfo
        {
            FileName = launcherCommand[0],
            UseShellExecute = false,
            RedirectStandardInput = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in launcherCommand.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("no process started");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot start the hook launcher {launcherCommand[0]}: {ex.Message}", ex);
        }

        WriteLine(JsonSerializer.Serialize(HookLaunchSettings.From(options), HookLaunchJsonContext.Default.HookLaunchSettings));
        _queue = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the drop is ours to count
            SingleReader = true,
        });
        _writer = Task.Run(WriteAllAsync);
    }

    public string Name => ExecHookSink.SinkName;

    /// <summary>Messages not handed to the launcher (queue full, launcher gone, stopping).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The launcher's process id (tests).</summary>
    public int LauncherPid => _process.Id;

    /// <summary>
    /// <c>[this executable, "hook-runner"]</c>; under <c>dotnet messngr.dll</c> the dll is named too.
    /// </summary>
    public static IReadOnlyList<string> DefaultCommand()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this executable is unknown");
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? [path, Environment.GetCommandLineArgs()[0], "hook-runner"]
            : [path, "hook-runner"];
    }

    /// <summary>Queues the message for the launcher; a sealed one goes as its envelope (<see cref="SealedEnvelope"/>).</summary>
    public ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(SealedEnvelope.Closed(message)))
        {
            CountDropped();
            SinkLog.HookDropped(_logger, message.Source, Dropped);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the pipe; the launcher finishes its running hooks (one hook timeout) and exits, or is killed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the launcher is already gone
        }

        using var wait = new CancellationTokenSource(_options.Timeout + ExitGrace);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task WriteAllAsync()
    {
        var broken = false;
        await foreach (var message in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (broken)
            {
                CountDropped();
                continue;
            }

            try
            {
                var line = JsonSerializer.Serialize(HookLaunchMessage.Of(message), HookLaunchJsonContext.Default.HookLaunchMessage);
                await _process.StandardInput.WriteAsync((line + "\n").AsMemory(), CancellationToken.None).ConfigureAwait(false);
                await _process.StandardInput.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                broken = true;
                CountDropped();
                SinkLog.HookLauncherGone(_logger, ex.Message);
            }
        }
    }

    private void CountDropped()
    {
        Interlocked.Increment(ref _dropped);
        _counters?.CountSinkDropped(ExecHookSink.SinkName);
    }

    private void WriteLine(string line)
    {
        _process.StandardInput.Write(line + "\n");
        _process.StandardInput.Flush();
    }
}
