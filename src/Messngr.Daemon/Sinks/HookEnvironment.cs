using System.Globalization;
using Messngr.Daemon.Display;
using Messngr.Daemon.Users;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// The environment a hook sees: nothing of the daemon's own environment (it may hold
/// configuration secrets), a fixed PATH and locale, the run-as user's HOME/USER/LOGNAME, and the
/// message fields. Sender and recipient are untrusted: control characters (and thus escape
/// sequences and newlines) are removed. The text itself is only in the file.
/// </summary>
internal static class HookEnvironment
{
    public const string TextFile = "MESSNGR_TEXT_FILE";
    public const string From = "MESSNGR_FROM";
    public const string To = "MESSNGR_TO";
    public const string Transport = "MESSNGR_TRANSPORT";
    public const string SourceAddress = "MESSNGR_SOURCE_ADDRESS";
    public const string ReceivedAt = "MESSNGR_RECEIVED_AT";
    public const string Authenticated = "MESSNGR_AUTHENTICATED";
    public const string MessageId = "MESSNGR_MESSAGE_ID";
    public const string Seq = "MESSNGR_SEQ";
    public const string Priority = "MESSNGR_PRIORITY";
    public const string Verified = "MESSNGR_VERIFIED";
    public const string SenderNode = "MESSNGR_SENDER_NODE";
    public const string SenderUser = "MESSNGR_SENDER_USER";

    public const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// <see cref="MessageId"/> is the message id (UUIDv7, as <c>history --json</c>'s <c>id</c> and
    /// <c>messngr read ID</c> take it), <see cref="Seq"/> the store's row number; a native message's
    /// verified sender is in <see cref="SenderNode"/> and <see cref="SenderUser"/> (issue #13, items 1 and 8).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Build(ReceivedMessage message, string textFile, UserAccount? user)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Path,
            ["LANG"] = "C.UTF-8",
            [TextFile] = textFile,
            [From] = Clean(message.From),
            [To] = Clean(message.To),
            [Transport] = MessageTransportName.Of(message.Transport),
            [SourceAddress] = message.Source.Address.ToString(),
            [ReceivedAt] = message.ReceivedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            [Authenticated] = message.Authenticated ? "yes" : "no",
            [MessageId] = message.MessageId.ToString(),
            [Seq] = message.Id.ToString(CultureInfo.InvariantCulture),
            [Priority] = PriorityText.Format(message.Priority),
            [Verified] = message.Verified ? "yes" : "no",
        };
        if (message.Sender is SenderIdentity.Native native)
        {
            env[SenderNode] = Clean(native.NodeId);
            env[SenderUser] = Clean(native.User);
        }

        if (user is not null)
        {
            env["HOME"] = user.Home;
            env["USER"] = user.Name;
            env["LOGNAME"] = user.Name;
        }

        return env;
    }

    private static string Clean(string value) => TerminalText.Sanitize(value, keepNewlines: false).Replace("\t", " ", StringComparison.Ordinal).Trim();
}
