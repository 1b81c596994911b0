using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// The real <c>messngr serve</c> on 127.0.0.1 (unprivileged ports) receiving from Samba's
/// <c>smbclient -M</c>, a third-party sender. With <c>-p</c> other than 139 smbclient sends no
/// NBSS session request (protocols.md §5.2) and goes straight to 0xD5/0xD7/0xD6 in 127-byte blocks.
/// Name registration, Samba receivers and multi-host tests live in the namespace tests.
/// </summary>
public sealed class ServeEndToEndTests : IDisposable
{
    private readonly ServeProcess _serve = ServeProcess.Start("HOSTB", "LAB");

    public void Dispose() => _serve.Dispose();

    private Tool.Result SmbclientMessage(string to, string text, string from = "alice") =>
        Tool.Run("smbclient", ["-M", to, "-I", "127.0.0.1", "-p", _serve.Port.Session.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", from, "-N"], text);

    [Fact]
    public void Smbclient_message_is_received_and_shown_with_sender_recipient_and_text()
    {
        var result = SmbclientMessage("HOSTB", "lunch at noon?");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var output = _serve.WaitForOutput("lunch at noon?", TimeSpan.FromSeconds(10));
        Assert.Contains("Message from alice to HOSTB", output, StringComparison.Ordinal);
        Assert.Contains("unverified", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_message_with_cp850_accents_arrives_whole()
    {
        // smbclient converts UTF-8 to CP850 and cuts 127-byte blocks; 1,000 characters is 8 blocks.
        var text = ("Grüße aus Köln: " + string.Concat(Enumerable.Range(0, 120).Select(i => $"{i:D3}äöüß! ")))[..1000];
        var result = SmbclientMessage("hostb", text);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var output = _serve.WaitForOutput(text[^40..], TimeSpan.FromSeconds(10));
        Assert.True(output.Contains(text, StringComparison.Ordinal), output);
    }

    [Fact]
    public void Escape_sequences_in_a_message_never_reach_the_terminal_raw()
    {
        var result = SmbclientMessage("HOSTB", "before\u001b]0;pwned\u0007\u001b[2Jafter");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var output = _serve.WaitForOutput("beforeafter", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public void Message_to_a_name_we_do_not_hold_is_refused_and_smbclient_says_so()
    {
        var result = SmbclientMessage("SOMEONE", "hello?");
        Assert.Contains("NT_STATUS_", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hello?", _serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigterm_stops_the_service_cleanly()
    {
        Assert.Equal(0, _serve.Stop());
        Assert.Contains("messngr serve stopped", _serve.Log, StringComparison.Ordinal);
    }
}
