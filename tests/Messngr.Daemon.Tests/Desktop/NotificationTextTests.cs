using Messngr.Cli.Desktop;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>Untrusted text made inert for a desktop notification (issue #14, "Bad input").</summary>
public sealed class NotificationTextTests
{
    [Fact]
    public void Body_WithMarkupCapability_EscapesTheFiveXmlCharacters()
    {
        Assert.Equal("&lt;b&gt;x&lt;/b&gt; &amp; &apos;y&apos; &quot;z&quot;", NotificationText.Body("<b>x</b> & 'y' \"z\"", markup: true));
    }

    [Fact]
    public void Body_WithoutMarkupCapability_IsSentPlain()
    {
        Assert.Equal("<b>x</b> & 'y'", NotificationText.Body("<b>x</b> & 'y'", markup: false));
    }

    [Fact]
    public void BidiOverridesZeroWidthAndEscapes_AreDropped()
    {
        Assert.Equal("evil.exe txt", NotificationText.Summary("evil\u202E.exe\u200B \u001B[31mtxt"));
        Assert.Equal("ab", NotificationText.Body("a\u2066\u2069\u200Fb", markup: true));
    }

    [Fact]
    public void Summary_IsOneLine()
    {
        Assert.Equal("alice bob", NotificationText.Summary("alice\nbob"));
    }

    [Fact]
    public void HundredKilobyteBody_IsCutVisibly()
    {
        var body = NotificationText.Body(new string('<', 100 * 1024), markup: true);
        Assert.StartsWith("&lt;&lt;", body, StringComparison.Ordinal);
        Assert.EndsWith($"[… cut: {NotificationText.BodyLimit} of {100 * 1024} characters shown; 'messngr history' has all]", body, StringComparison.Ordinal);
        Assert.True(body.Length < NotificationText.BodyLimit * 4 + 200);
    }
}
