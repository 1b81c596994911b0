namespace Messngr.Daemon.Sending;

/// <summary>
/// Receives one line per step for <c>messngr send --verbose</c> (<c>msg /v</c>): resolution,
/// connection, each request and reply. Lines are plain text without newline; null means silent.
/// </summary>
public delegate void SendTrace(string step);
