namespace Messngr.Daemon.Control.Api;

/// <summary>
/// Every error answer of the control API: <paramref name="Error"/> is one of
/// <see cref="ControlErrors"/>, <paramref name="Message"/> a sentence for the user.
/// </summary>
internal sealed record ErrorDto(string Error, string Message);
