namespace Messngr.Daemon.Options;

/// <summary>One <c>key = value</c> line of an <see cref="IniFile"/>: its section, the key as written, the value and its line.</summary>
internal sealed record IniEntry(string Section, string Key, string Value, int Line);
