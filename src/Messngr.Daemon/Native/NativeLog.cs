using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>Log lines of node identity and trust (event ids 1300–1319).</summary>
internal static partial class NativeLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "node identity created: node id {NodeId} (key in {KeyPath})")]
    public static partial void IdentityCreated(ILogger logger, string nodeId, string keyPath);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "node id {NodeId}")]
    public static partial void IdentityLoaded(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "REMOTE NODE IDENTIFICATION HAS CHANGED: {Name} is pinned to node {PinnedId} but node {PresentedId} claims it; refused (if the node was really re-keyed: messngr trust remove {Name}, then trust add the new id)")]
    public static partial void IdentityChanged(ILogger logger, string name, string pinnedId, string presentedId);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "unknown node {PresentedId} refused: {Reason}")]
    public static partial void UnknownRefused(ILogger logger, string presentedId, string reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "trusted node {PresentedId} on first use (name {Name})")]
    public static partial void TrustedOnFirstUse(ILogger logger, string presentedId, string name);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "node {PresentedId} refused: {Reason}")]
    public static partial void CertificateNotValid(ILogger logger, string presentedId, string reason);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "trust list: uid {Uid} {Action} node {NodeId} ({Name})")]
    public static partial void TrustChanged(ILogger logger, uint uid, string action, string nodeId, string name);
}
