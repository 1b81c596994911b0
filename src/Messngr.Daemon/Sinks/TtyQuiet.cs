using Messngr.Daemon.Quiet;
using Messngr.Daemon.Store;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// What the terminal sink needs to hold messages during quiet hours (issue #14, item 3): whose
/// quiet it is (<see cref="Hours"/>, shared with the control API and the display streams) and the
/// store the held messages are read back from (an accessor: the sinks are built before the store opens).
/// </summary>
internal sealed record TtyQuiet(QuietHours Hours, Func<IMessageStore?> Store);
