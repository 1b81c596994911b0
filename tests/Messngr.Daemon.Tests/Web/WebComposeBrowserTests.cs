using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Sending;
using PuppeteerSharp;

namespace Messngr.Daemon.Tests.Web;

/// <summary>
/// Issue #14, item 2, second part, in headless chromium: the page composes to a classic name, to
/// <c>*</c> and to a name nobody holds through <c>POST /api/v1/send/any</c> (the daemon's send engine
/// over fake classic transports) and shows each result; a reply to a classic message goes to its
/// sender's name the classic way, as the token's user.
/// </summary>
public sealed class WebComposeBrowserTests
{
    private const uint Alice = 1000;

    private static async Task ComposeAsync(IPage page, string to, string text)
    {
        await page.EvaluateExpressionAsync("document.getElementById('compose-results').replaceChildren()");
        await page.EvaluateFunctionAsync("(v) => { document.getElementById('to').value = v; }", to);
        await page.TypeAsync("#text", text);
        await page.ClickAsync("#compose-form button[type=submit]");
        await page.WaitForSelectorAsync("#compose-results li");
    }

    private static Task<string> ResultsAsync(IPage page) =>
        page.EvaluateExpressionAsync<string>("[...document.querySelectorAll('#compose-results li')].map(li => li.className + ' | ' + li.textContent).join('\\n')");

    [Fact]
    public Task Compose_to_a_classic_name_to_everyone_and_to_nobody_shows_each_result() => WebBrowserTests.RunAsync(async (browser, f) =>
    {
        var transports = new FakeClassicTransports();
        f.Daemon.SendStack = FakeSendStack.Create(transports);
        f.Daemon.UserNames[Alice] = "alice";
        var page = await WebBrowserTests.OpenAsync(browser, f, Alice);
        await page.ClickAsync("nav button[data-view=compose]");

        await ComposeAsync(page, "bob", "lunch?");
        var toBob = await ResultsAsync(page);
        await ComposeAsync(page, "*", "fire drill at 3");
        var toAll = await ResultsAsync(page);
        await ComposeAsync(page, "carol", "anyone?");
        var toNobody = await ResultsAsync(page);
        await WebBrowserTests.ScreenshotAsync(page, "compose-classic-results");

        Assert.StartsWith("result ok | bob: delivered over smb (unverified) — ", toBob, StringComparison.Ordinal);
        Assert.StartsWith("result ok | *: broadcast (no confirmation is possible) over mailslot (unverified) — ", toAll, StringComparison.Ordinal);
        Assert.StartsWith("result failed | carol: name not found — name CAROL<03> not found", toNobody, StringComparison.Ordinal);
        Assert.Equal("Not delivered; see below.", await page.EvaluateExpressionAsync<string>("document.getElementById('compose-result').textContent"));
        Assert.Equal(
            [new ClassicMessage("alice", "BOB", "lunch?"), new ClassicMessage("alice", "LAB", "fire drill at 3")],
            transports.Messages);
    });

    [Fact]
    public Task A_reply_to_a_classic_message_goes_to_its_senders_name_the_classic_way() => WebBrowserTests.RunAsync(async (browser, f) =>
    {
        var transports = new FakeClassicTransports();
        f.Daemon.SendStack = FakeSendStack.Create(transports);
        f.Daemon.UserNames[Alice] = "alice";
        f.Daemon.AddHistory(FakeDaemonControl.Message(21, "BOB", "ALICE", "are you there?"));
        var page = await WebBrowserTests.OpenAsync(browser, f, Alice);

        await page.ClickAsync("#inbox-list li button");
        await page.WaitForFunctionAsync("() => !document.getElementById('message').hidden");
        await page.ClickAsync("#reply-button");
        var replyTo = await page.EvaluateExpressionAsync<string>("document.getElementById('reply-to').textContent");
        await page.TypeAsync("#text", "yes");
        await page.ClickAsync("#compose-form button[type=submit]");
        await page.WaitForFunctionAsync("() => document.getElementById('compose-result').textContent === 'Sent.'");
        await WebBrowserTests.ScreenshotAsync(page, "classic-reply-sent");

        Assert.Equal("Reply to BOB (unverified)", replyTo);
        Assert.Equal(["smb 192.0.2.5:139 BOB<03> from HOSTA<00>"], transports.Calls);
        Assert.Equal(new ClassicMessage("alice", "BOB", "yes"), transports.Messages.Single());
        Assert.StartsWith("result ok | BOB: delivered over smb (unverified)", await ResultsAsync(page), StringComparison.Ordinal);
    });
}
