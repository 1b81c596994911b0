using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Control;

/// <summary>One line of a display's stream: a message to show, or a read event (one of the two is set).</summary>
internal sealed record DisplayStreamItem(MessageDto? Message, ReadEventDto? Read);
