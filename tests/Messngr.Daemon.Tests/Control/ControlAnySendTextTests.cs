using System.Net;
using System.Text;
using Messngr.Daemon.Alertmanager;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Sending;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #15, item 8: <c>POST /v1/send/any</c> with <c>Accept: text/plain</c> answers what
/// <c>messngr send</c> prints — <c>exit CODE</c>, then <c>1 LINE</c> (standard output) or
/// <c>2 messngr send: LINE</c> (standard error) per recipient — for messngr-send, which only relays it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlAnySendTextTests
{
    private readonly FakeClassicTransports _transports = new();

    private static Task<(int Status, string Response)> PostAsync(ControlServerFixture f, string json, string accept) =>
        ControlServerTests.RawAsync(f.Server.SocketPath, "POST /v1/send/any HTTP/1.1", $"Accept: {accept}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n", json);

    [Fact]
    public async Task Text_is_messngr_sends_lines_and_exit_code_of_the_first_failure()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = FakeSendStack.Create(_transports);
        f.Daemon.AlertmanagerRouting = new AlertmanagerRouting([], ["bob", "nobody", "*"]);

        var (status, response) = await PostAsync(f, "{\"alert\":true,\"text\":\"UPS on battery\"}", "text/plain");

        Assert.Equal(200, status);
        Assert.Contains("Content-Type: text/plain; charset=utf-8", response, StringComparison.Ordinal);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Matches("exit 68\n1 bob: delivered over smb to 192.0.2.5 \\(unverified\\): [^\n]+\n2 messngr send: nobody: name not found[^\n]*\n1 \\*: accepted for broadcast over mailslot[^\n]*\n", Dechunked(body));
    }

    [Fact]
    public async Task Json_stays_the_answer_for_everyone_else()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = FakeSendStack.Create(_transports);

        var (status, response) = await PostAsync(f, "{\"recipient\":\"bob\",\"text\":\"hi\"}", "application/json");

        Assert.Equal(200, status);
        Assert.Contains("{\"results\":[{\"recipient\":\"bob\",\"outcome\":\"delivered\"", response, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_quoting_a_peer_holds_no_line_break_or_escape()
    {
        var hostile = new RecipientResult(new Recipient("bob", RecipientForm.Name, "BOB", null, null), SendOutcome.Refused, SendTransport.Smb, IPAddress.Parse("192.0.2.5"), "BOB",
            "peer said \u001b[31mred\nexit 0\n1 forged");

        var text = SendResultText.Render([hostile]);

        Assert.StartsWith("exit 77\n2 messngr send: bob: refused over smb", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split('\n').Length); // "exit 77", one line, and the empty rest
        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);
    }

    /// <summary>The body of a chunked answer (RFC 9112 §7.1), for reading it in a test.</summary>
    internal static string Dechunked(string chunked)
    {
        var body = new StringBuilder();
        var rest = chunked;
        while (true)
        {
            var lineEnd = rest.IndexOf("\r\n", StringComparison.Ordinal);
            var size = Convert.ToInt32(rest[..lineEnd], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(rest.AsSpan(lineEnd + 2, size));
            rest = rest[(lineEnd + 2 + size + 2)..];
        }
    }
}
