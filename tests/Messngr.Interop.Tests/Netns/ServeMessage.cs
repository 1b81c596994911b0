using System.Text.RegularExpressions;

namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// One message as <c>messngr serve</c> prints it on standard output (ConsoleSink):
/// <c>Message from FROM to TO on DATE (TRANSPORT from ADDRESS, unverified)</c>, the text, a blank line.
/// </summary>
public sealed partial record ServeMessage(string From, string To, string When, string Transport, string Source, bool Verified, string Text)
{
    [GeneratedRegex(@"^Message from (?<from>.*?) to (?<to>.*) on (?<when>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \((?<transport>[a-z]+) from (?<source>[^,]+), (?<verified>verified|unverified)\)$")]
    private static partial Regex Header();

    /// <summary>Splits serve's standard output (lines) into messages. Text keeps its inner line breaks.</summary>
    public static IReadOnlyList<ServeMessage> Parse(IEnumerable<string> lines)
    {
        var messages = new List<ServeMessage>();
        Match? header = null;
        var text = new List<string>();
        foreach (var line in lines)
        {
            var match = Header().Match(line);
            if (match.Success)
            {
                Flush();
                header = match;
                text.Clear();
            }
            else if (header is not null)
            {
                text.Add(line);
            }
        }

        Flush();
        return messages;

        void Flush()
        {
            if (header is null)
            {
                return;
            }

            // The sink writes "HEADER\nTEXT\n" plus a line end: the last line of a block is the blank separator.
            var body = text.Count > 0 && text[^1].Length == 0 ? text.Take(text.Count - 1) : text;
            messages.Add(new ServeMessage(
                header.Groups["from"].Value,
                header.Groups["to"].Value,
                header.Groups["when"].Value,
                header.Groups["transport"].Value,
                header.Groups["source"].Value,
                header.Groups["verified"].Value == "verified",
                string.Join('\n', body)));
        }
    }
}
