namespace Messngr.Daemon.Sending;

/// <summary>
/// One classic message as the wire carries it: the sender name (<c>--from</c>), the recipient
/// name as written into the message (the user or computer name, or the workgroup for a
/// broadcast) and the text with '\n' line breaks (the transports convert them and the code page).
/// </summary>
public sealed record ClassicMessage(string From, string To, string Text);
