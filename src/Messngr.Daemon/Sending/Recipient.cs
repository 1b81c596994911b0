using System.Net;

namespace Messngr.Daemon.Sending;

/// <summary>
/// One parsed recipient. <paramref name="Text"/> is what the user wrote (for result lines);
/// <paramref name="Name"/> is the messenger name (upper-cased later by the code page), or the
/// workgroup for <see cref="RecipientForm.Workgroup"/> (null = the configured workgroup);
/// <paramref name="Host"/> is the host part of <c>NAME@HOST</c> and <paramref name="Address"/> a
/// literal IPv4 address when one was given; <paramref name="Port"/> the PORT of
/// <c>NAME@HOST:PORT</c>, which only the native transport takes (issue #13, many).
/// </summary>
public sealed record Recipient(string Text, RecipientForm Form, string? Name = null, string? Host = null, IPAddress? Address = null, int? Port = null);
