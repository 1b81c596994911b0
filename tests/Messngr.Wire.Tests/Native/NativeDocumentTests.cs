using System.Text.RegularExpressions;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.Native;

/// <summary>docs/native-protocol.md §10 prints the same bytes the codec tests hold: checked here, so neither drifts.</summary>
public partial class NativeDocumentTests
{
    private static string DocumentPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "native-protocol.md");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("docs/native-protocol.md not found above the test output");
    }

    /// <summary>Each fenced block of the examples section, as the hex of its lines' leading byte columns.</summary>
    private static List<string> DocumentedBlocks()
    {
        var text = File.ReadAllText(DocumentPath());
        var examples = text[text.IndexOf("## 10. Worked examples", StringComparison.Ordinal)..text.IndexOf("## 11.", StringComparison.Ordinal)];
        var blocks = new List<string>();
        foreach (Match block in FencedBlock().Matches(examples))
        {
            var hex = string.Concat(block.Groups[1].Value.Split('\n').Select(line => string.Concat(LeadingBytes().Match(line).Value.Where(Uri.IsHexDigit))));
            blocks.Add(hex.ToLowerInvariant());
        }

        return blocks;
    }

    [Fact]
    public void Every_example_frame_and_datagram_is_printed_byte_for_byte_in_the_document()
    {
        var blocks = DocumentedBlocks();
        string[] expected = [.. NativeExamples.Frames.Select(f => f.Hex), NativeExamples.ProbeHex, NativeExamples.AnnounceHex];
        foreach (var hex in expected)
        {
            var bytes = Hex.Format(Hex.Parse(hex));
            Assert.True(blocks.Any(b => b.Contains(bytes, StringComparison.Ordinal)), $"docs/native-protocol.md §10 does not print {hex}");
        }
    }

    [Fact]
    public void The_document_ends_with_the_identity_and_trust_section()
    {
        var text = File.ReadAllText(DocumentPath());
        Assert.Contains("\n## Identity and trust", text, StringComparison.Ordinal);
        Assert.DoesNotContain("## Identity and trust", text[..text.IndexOf("## 11.", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [GeneratedRegex("```\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex("^(?:[0-9a-f]{2}(?: +|$))+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingBytes();
}
