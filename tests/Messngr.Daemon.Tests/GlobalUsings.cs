// messngr's one set of exit codes (src/Messngr.Daemon/Core/ExitCodes.cs), by the name the commands use.
global using ExitCodes = Messngr.Daemon.Core.ExitCodes;
