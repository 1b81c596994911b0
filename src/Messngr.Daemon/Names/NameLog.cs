using System.Net;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Names;

/// <summary>Source-generated log messages of the name service (event ids 100–149). Names are logged as <c>NetBiosName.ToString()</c>, which escapes non-printable bytes.</summary>
internal static partial class NameLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "registering {Name} ({Mode})")]
    public static partial void Registering(ILogger logger, string name, string mode);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "registered {Name}{Detail}")]
    public static partial void Registered(ILogger logger, string name, string detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "name {Name} is in conflict: {Detail}; it is not used until deleted or added again")]
    public static partial void Conflict(ILogger logger, string name, string detail);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "defended {Name} against a registration from {Requester}")]
    public static partial void Defended(ILogger logger, string name, IPEndPoint requester);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "released {Name}")]
    public static partial void Released(ILogger logger, string name);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "WINS {Server} asked us to wait {Seconds} s for {Name}")]
    public static partial void Wack(ILogger logger, IPEndPoint server, uint seconds, string name);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "WINS {Server} did not answer for {Name}; holding it locally and retrying")]
    public static partial void WinsSilent(ILogger logger, IPEndPoint server, string name);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "refreshed {Name} with WINS, next refresh in {Seconds} s")]
    public static partial void Refreshed(ILogger logger, string name, long seconds);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "name {Name} added for uid {Uid}")]
    public static partial void Added(ILogger logger, string name, string uid);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information, Message = "name {Name} deleted by uid {Uid}")]
    public static partial void Deleted(ILogger logger, string name, uint uid);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "user {Name} logged on: registering the messenger name")]
    public static partial void UserLoggedOn(ILogger logger, string name);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "user {Name} logged off: releasing the messenger name")]
    public static partial void UserLoggedOff(ILogger logger, string name);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "user name {Name} cannot be a NetBIOS name: {Reason}")]
    public static partial void UserNameUnusable(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "no IPv4 interface with a broadcast address: names are claimed without asking the network")]
    public static partial void NoBroadcastTarget(ILogger logger);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "name service not running: names are held locally and not registered on the network")]
    public static partial void LocalOnly(ILogger logger);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "reading the logged-on users failed")]
    public static partial void UserSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 116, Level = LogLevel.Information, Message = "name service started as a {NodeType}")]
    public static partial void Started(ILogger logger, string nodeType);

    [LoggerMessage(EventId = 117, Level = LogLevel.Information, Message = "ignored a NAME CONFLICT DEMAND for {Name} from {Sender} (name release on demand is off, or a group name)")]
    public static partial void DemandIgnored(ILogger logger, string name, IPEndPoint sender);
}
