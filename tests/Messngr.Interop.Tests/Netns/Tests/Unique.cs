namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Message texts that no other test sends, because the shared messngr's output accumulates over
/// the whole run: a text ends with " #" and 8 hex digits.
/// </summary>
internal static class Unique
{
    public static string Text(string text) => $"{text} #{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The unique tag at the end of a <see cref="Text"/>, to look for when the text itself is transformed.</summary>
    public static string Tag(string text) => text[text.LastIndexOf('#')..];
}
