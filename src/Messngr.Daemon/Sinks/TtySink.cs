using System.Diagnostics;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// Shows a message on the recipient's terminals, like write(1) and wall(1): the sessions come
/// from utmp (<see cref="ILoggedOnUsers"/>) through <see cref="RecipientResolver"/>; each
/// <c>/dev/&lt;line&gt;</c> is validated (<see cref="TtyLine"/>), opened with
/// O_WRONLY|O_NOCTTY|O_NONBLOCK, must be a terminal, and is skipped when its group write bit is
/// off (<c>mesg n</c>). Writes never block: a terminal that takes no output within
/// <see cref="TtySinkOptions.WriteTimeout"/> is skipped. All terminals are written in parallel.
/// </summary>
internal sealed class TtySink : IMessageSink
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly ILoggedOnUsers _users;
    private readonly RecipientResolver _resolver;
    private readonly TtySinkOptions _options;
    private readonly ILogger _logger;
    private readonly Func<SafeFileHandle, bool> _isTerminal;

    public TtySink(ILoggedOnUsers users, RecipientResolver resolver, TtySinkOptions options, ILogger logger)
        : this(users, resolver, options, logger, SinkNative.IsTerminal)
    {
    }

    /// <summary>For tests only: <paramref name="isTerminal"/> stands in for isatty(3) so regular files can play terminals.</summary>
    internal TtySink(ILoggedOnUsers users, RecipientResolver resolver, TtySinkOptions options, ILogger logger, Func<SafeFileHandle, bool> isTerminal)
    {
        options.Validate();
        _users = users;
        _resolver = resolver;
        _options = options;
        _logger = logger;
        _isTerminal = isTerminal;
    }

    public async ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken) =>
        await ShowAsync(message, cancellationToken).ConfigureAwait(false);

    /// <summary>Writes the message to every resolved terminal and says what happened on each.</summary>
    public async Task<IReadOnlyList<TtyWriteResult>> ShowAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var recipients = _resolver.Resolve(message.To, _users.Current());
        if (recipients.Sessions.Count == 0)
        {
            SinkLog.NoTerminals(_logger, recipients.Kind);
            return [];
        }

        var bytes = TtyMessageFormatter.Format(message, _options);
        var writes = recipients.Sessions.Select(s => WriteOneAsync(s, bytes, cancellationToken));
        var results = await Task.WhenAll(writes).ConfigureAwait(false);
        foreach (var result in results)
        {
            Log(result);
        }

        return results;
    }

    private void Log(TtyWriteResult result)
    {
        switch (result.Outcome)
        {
            case TtyWriteOutcome.InvalidLine or TtyWriteOutcome.NotATerminal:
                SinkLog.TtyRefused(_logger, result.User, result.Terminal, result.Outcome);
                break;
            case TtyWriteOutcome.Stuck:
                SinkLog.TtyStuck(_logger, result.User, result.Terminal);
                break;
            default:
                SinkLog.TtyWritten(_logger, result.User, result.Terminal, result.Outcome);
                break;
        }
    }

    private async Task<TtyWriteResult> WriteOneAsync(LoggedOnUser session, byte[] bytes, CancellationToken cancellationToken)
    {
        var outcome = await WriteTerminalAsync(session.Terminal, bytes, cancellationToken).ConfigureAwait(false);
        return new TtyWriteResult(session.Terminal, session.Name, outcome);
    }

    private async Task<TtyWriteOutcome> WriteTerminalAsync(string line, byte[] bytes, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows() || !TtyLine.TryGetDevicePath(_options.DeviceRoot, line, out var path))
        {
            return TtyWriteOutcome.InvalidLine;
        }

        using var handle = SinkNative.OpenTerminalForWrite(path, out var openErrno);
        if (handle.IsInvalid)
        {
            SinkLog.TtyOpenFailed(_logger, line, openErrno);
            return TtyWriteOutcome.OpenFailed;
        }

        if (!_isTerminal(handle))
        {
            return TtyWriteOutcome.NotATerminal;
        }

        // mesg(1): "mesg n" clears the group write bit of the terminal (write(1), wall(1) honour it).
        if ((File.GetUnixFileMode(handle) & UnixFileMode.GroupWrite) == 0)
        {
            return TtyWriteOutcome.MessagesOff;
        }

        var started = Stopwatch.GetTimestamp();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var written = SinkNative.Write(handle, bytes.AsSpan(offset), out var errno);
            if (written > 0)
            {
                offset += (int)written;
                continue;
            }

            if (written < 0 && errno == SinkNative.EINTR)
            {
                continue;
            }

            if (written == 0 || errno == SinkNative.EAGAIN)
            {
                if (Stopwatch.GetElapsedTime(started) >= _options.WriteTimeout)
                {
                    return TtyWriteOutcome.Stuck;
                }

                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            SinkLog.TtyWriteFailed(_logger, line, errno);
            return TtyWriteOutcome.WriteFailed;
        }

        return TtyWriteOutcome.Written;
    }
}
