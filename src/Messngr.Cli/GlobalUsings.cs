// The one set of exit codes lives in the daemon's library since the daemon renders messngr send's
// result lines for the one-shot client (issue #15, item 8); every command still names them ExitCodes.
global using ExitCodes = Messngr.Daemon.Core.ExitCodes;
