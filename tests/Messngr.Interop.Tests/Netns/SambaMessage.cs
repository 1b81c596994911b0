namespace Messngr.Interop.Tests.Netns;

/// <summary>A message Samba's smbd received, as its <c>message command</c> recorded it (protocols.md §6.7).</summary>
/// <param name="Text">The text, converted by smbd from its dos charset (CP850) to UTF-8.</param>
/// <param name="From"><c>%f</c>: the originator, every byte outside [A-Za-z0-9] turned into '_'.</param>
/// <param name="To"><c>%L</c>: the NetBIOS name the sender called, lower case.</param>
public sealed record SambaMessage(string Text, string From, string To);
