using Messngr.Wire.Tests.Captures;

namespace Messngr.Wire.Tests.Smb1;

/// <summary>
/// The "decode of the NetBIOS/SMB/DCERPC layers" section of a capture's .txt (tshark 4.0.17
/// <c>-O nbss,smb,…</c>), as per-frame lists of <c>Key: Value</c> lines split by layer, so that
/// the golden tests compare our parse with tshark's reading field by field.
/// </summary>
internal sealed class TsharkDecodeText
{
    private readonly Dictionary<int, FrameFields> _frames;

    private TsharkDecodeText(Dictionary<int, FrameFields> frames) => _frames = frames;

    public static TsharkDecodeText Load(string capture)
    {
        var lines = File.ReadAllLines(Path.Combine(Capture.Directory, capture + ".txt"));
        var start = Array.FindIndex(lines, l => l.StartsWith("# --- decode of the", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{capture}.txt has no layer decode section");
        var frames = new Dictionary<int, FrameFields>();
        FrameFields? frame = null;
        Dictionary<string, List<string>>? layer = null;
        foreach (var line in lines.Skip(start + 1))
        {
            if (line.StartsWith("Frame ", StringComparison.Ordinal))
            {
                var number = int.Parse(line.AsSpan(6, line.IndexOf(':', StringComparison.Ordinal) - 6), System.Globalization.CultureInfo.InvariantCulture);
                frame = new FrameFields();
                frames[number] = frame;
                layer = null;
                continue;
            }

            if (frame is null || line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith(' '))
            {
                layer = line.StartsWith("NetBIOS Session Service", StringComparison.Ordinal) ? frame.Nbss
                    : line.StartsWith("SMB (Server Message Block", StringComparison.Ordinal) ? frame.Smb
                    : null;
                continue;
            }

            var trimmed = line.Trim();
            var colon = trimmed.IndexOf(": ", StringComparison.Ordinal);
            if (layer is null || trimmed.StartsWith('[') || colon < 0)
            {
                continue;
            }

            var key = trimmed[..colon];
            if (!layer.TryGetValue(key, out var values))
            {
                layer[key] = values = [];
            }

            values.Add(trimmed[(colon + 2)..]);
        }

        return new TsharkDecodeText(frames);
    }

    public FrameFields this[int frame] => _frames[frame];

    internal sealed class FrameFields
    {
        public Dictionary<string, List<string>> Nbss { get; } = [];

        public Dictionary<string, List<string>> Smb { get; } = [];

        public string? NbssValue(string key) => Nbss.TryGetValue(key, out var v) ? v[0] : null;

        /// <summary>The last value of the key: the SMB header's "Flags" comes after NBSS's, "Reserved" twice…</summary>
        public string? SmbValue(string key) => Smb.TryGetValue(key, out var v) ? v[^1] : null;

        public IReadOnlyList<string> SmbValues(string key) => Smb.TryGetValue(key, out var v) ? v : [];
    }
}
