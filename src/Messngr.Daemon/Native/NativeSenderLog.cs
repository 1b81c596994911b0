using Messngr.Daemon.Core;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// The sender's per-message line (event ids 1360–1369; message text is never logged): a delivered
/// message at debug (issue #13, send2 item 3: a line per message at info was a cost of every send;
/// the outcomes that need attention stay at info, NativeSessionLog event 1344).
/// </summary>
internal static partial class NativeSenderLog
{
    [LoggerMessage(EventId = 1360, Level = LogLevel.Debug, Message = "native send {MessageId} to {Recipient} at {Target}: delivered, stored by node {NodeId}")]
    public static partial void Delivered(ILogger logger, MessageId messageId, string recipient, string target, string? nodeId);
}
