using Messngr.Daemon.Core;
using Messngr.Daemon.Tests.Control;
using PuppeteerSharp;

namespace Messngr.Daemon.Tests.Web;

/// <summary>
/// Issue #14, item 3, in the web page (headless chromium): a critical message "is shown at once and
/// stays until acknowledged" — an alert banner lists each unread critical message until it is
/// opened (the read receipt), derived from the inbox, so it survives a reload.
/// </summary>
public sealed class WebCriticalBannerBrowserTests
{
    private const uint Alice = 1000;

    private static StoredMessage Critical(long seq, string from, string text)
    {
        var m = FakeDaemonControl.Message(seq, from, "ALICE", text);
        return m with { Message = m.Message with { Priority = Priority.Critical } };
    }

    private static Task<string[]> BannerLinesAsync(IPage page) =>
        page.EvaluateExpressionAsync<string[]>("document.getElementById('critical').hidden ? [] : [...document.querySelectorAll('#critical-list li')].map(li => li.textContent)");

    [Fact]
    public Task A_live_critical_message_stays_in_the_alert_across_a_reload_until_opened_and_a_normal_one_never_shows_there() => WebBrowserTests.RunAsync(async (browser, f) =>
    {
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        var page = await WebBrowserTests.OpenAsync(browser, f, Alice);
        Assert.Empty(await BannerLinesAsync(page));

        f.Daemon.Publish(Critical(41, "OPS", "disk full"));
        await page.WaitForFunctionAsync("() => !document.getElementById('critical').hidden");
        f.Daemon.Publish(FakeDaemonControl.Message(42, "BOB", "ALICE", "a normal one"));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#inbox-list li').length === 2");
        Assert.Equal(new[] { "Critical message from OPS (unverified) — Open" }, await BannerLinesAsync(page));
        Assert.Equal("alert", await page.EvaluateExpressionAsync<string>("document.getElementById('critical').getAttribute('role')"));

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.startsWith('Connected')");
        Assert.Equal(new[] { "Critical message from OPS (unverified) — Open" }, await BannerLinesAsync(page));
        await WebBrowserTests.ScreenshotAsync(page, "critical-banner-until-read");

        // Keyboard reachable: focus the Open button and press Enter.
        await page.FocusAsync("#critical-list li button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('message-text').textContent === 'disk full'");
        await WebBrowserTests.ConditionAsync(() => reporter.Calls.Any(c => c.Seq == 41 && c.State == ReceiptState.Read));
        await page.WaitForFunctionAsync("() => document.getElementById('critical').hidden");
        Assert.Empty(await BannerLinesAsync(page));
        Assert.DoesNotContain(reporter.Calls, c => c.Seq == 42 && c.State == ReceiptState.Read); // only opened ones are read
    });

    [Fact]
    public Task The_alert_lists_five_unread_critical_messages_then_a_count_skips_read_ones_and_shows_a_hostile_sender_as_text() => WebBrowserTests.RunAsync(async (browser, f) =>
    {
        var read = Critical(50, "READER", "already read");
        f.Daemon.AddHistory(read with { Message = read.Message with { ReadAt = DateTimeOffset.UtcNow } });
        f.Daemon.AddHistory(Critical(51, "<img src=x onerror=window.__pwned=1>\u202Eexe", "hostile"));
        for (var seq = 52; seq <= 57; seq++)
        {
            f.Daemon.AddHistory(Critical(seq, "OPS" + seq, "alert " + seq));
        }

        var page = await WebBrowserTests.OpenAsync(browser, f, Alice);
        await page.WaitForFunctionAsync("() => !document.getElementById('critical').hidden");
        var lines = await BannerLinesAsync(page);
        await WebBrowserTests.ScreenshotAsync(page, "critical-banner-more-and-hostile");

        Assert.Equal(new[] { "OPS57", "OPS56", "OPS55", "OPS54", "OPS53" }, lines.Select(l => l["Critical message from ".Length..l.IndexOf(' ', "Critical message from ".Length)]));
        Assert.Equal("+2 more", await page.EvaluateExpressionAsync<string>("document.getElementById('critical-more').hidden ? '' : document.getElementById('critical-more').textContent"));
        Assert.DoesNotContain(lines, l => l.Contains("READER", StringComparison.Ordinal));

        // Open the five shown, newest first: the hostile one (seq 51) moves up; READER never comes back.
        for (var seq = 57; seq >= 53; seq--)
        {
            await page.ClickAsync("#critical-list li button");
            await page.WaitForFunctionAsync($"() => document.querySelector('#critical-list li').dataset.seq !== '{seq}'");
        }

        lines = await BannerLinesAsync(page);
        Assert.Equal(new[] { "Critical message from OPS52 (unverified) — Open", "Critical message from <img src=x onerror=window.__pwned=1>\\u202Eexe (unverified) — Open" }, lines);
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#critical img').length"));
        Assert.Equal("undefined", await page.EvaluateExpressionAsync<string>("typeof window.__pwned"));
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('critical-more').hidden"));
    });
}
