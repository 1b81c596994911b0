using Messngr.Daemon.Core;
using Messngr.Daemon.Quiet;
using Messngr.Daemon.Tests.Control;
using PuppeteerSharp;

namespace Messngr.Daemon.Tests.Web;

/// <summary>
/// Issue #14, item 3, in the web page (headless chromium): do not disturb turned on from the page
/// holds a normal message back from the page's live stream while a critical one shows at once;
/// turned off, the held one appears. Quiet hours are set and cleared by keyboard. Only the token's
/// own uid is changed.
/// </summary>
public sealed class WebQuietBrowserTests
{
    private const uint Alice = 1000;
    private const uint Bob = 2000;

    private static Task<string> InboxAsync(IPage page) =>
        page.EvaluateExpressionAsync<string>("[...document.querySelectorAll('#inbox-list li')].map(li => li.textContent).join('\\n')");

    [Fact]
    public Task Dnd_on_from_the_page_holds_a_normal_message_shows_a_critical_one_and_dnd_off_shows_the_held_one() => WebBrowserTests.RunAsync(async (browser, f) =>
    {
        f.Daemon.Quiet = new QuietHours(new QuietSettingsStore(f.StateDirectory), TimeProvider.System, TimeZoneInfo.Utc);
        var page = await WebBrowserTests.OpenAsync(browser, f, Alice);
        await page.ClickAsync("nav button[data-view=quiet]");
        await page.WaitForFunctionAsync("() => document.getElementById('quiet-state').textContent.startsWith('Not quiet')");
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('quiet-badge').hidden"));

        await page.ClickAsync("#dnd-on");
        await page.WaitForFunctionAsync("() => document.getElementById('quiet-state').textContent.startsWith('Do not disturb is on')");
        Assert.True(f.Daemon.Quiet.SettingsOf(Alice).DoNotDisturb);
        Assert.False(f.Daemon.Quiet.SettingsOf(Bob).DoNotDisturb);
        Assert.Equal("Do not disturb", await page.EvaluateExpressionAsync<string>("document.getElementById('quiet-badge').hidden ? '' : document.getElementById('quiet-badge').textContent"));

        f.Daemon.Publish(FakeDaemonControl.Message(31, "BOB", "ALICE", "a normal one, held"));
        var critical = FakeDaemonControl.Message(32, "OPS", "ALICE", "a critical one, shown");
        f.Daemon.Publish(critical with { Message = critical.Message with { Priority = Priority.Critical } });
        await page.WaitForSelectorAsync("#inbox-list li.urgent");
        await page.ClickAsync("nav button[data-view=inbox]");
        await WebBrowserTests.ScreenshotAsync(page, "dnd-on-critical-shown-normal-held");
        // The critical one came after the normal one: had the normal one not been held, it would be listed too.
        Assert.Equal(1, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#inbox-list li').length"));
        await page.ClickAsync("nav button[data-view=quiet]");

        await page.ClickAsync("#dnd-off");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#inbox-list li').length === 2");
        await page.WaitForFunctionAsync("() => document.getElementById('quiet-state').textContent.startsWith('Not quiet')");
        await page.ClickAsync("nav button[data-view=inbox]");
        await WebBrowserTests.ScreenshotAsync(page, "dnd-off-held-shown");
        Assert.False(f.Daemon.Quiet.SettingsOf(Alice).DoNotDisturb);
        Assert.Contains("BOB (unverified)", await InboxAsync(page), StringComparison.Ordinal);
    });

    [Fact]
    public Task Quiet_hours_are_set_and_cleared_by_keyboard_for_the_tokens_user_only() => WebBrowserTests.RunAsync(async (browser, f) =>
    {
        f.Daemon.Quiet = new QuietHours(new QuietSettingsStore(f.StateDirectory), TimeProvider.System, TimeZoneInfo.Utc);
        var page = await WebBrowserTests.OpenAsync(browser, f, Alice);
        await page.ClickAsync("nav button[data-view=quiet]");
        await page.WaitForFunctionAsync("() => document.getElementById('quiet-state').textContent !== ''");

        await page.FocusAsync("#quiet-hours");
        await page.Keyboard.TypeAsync("22:00-07:00");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('quiet-state').textContent.includes('Quiet hours: 22:00-07:00')");
        await WebBrowserTests.ScreenshotAsync(page, "quiet-hours-set");
        Assert.Equal("22:00-07:00", f.Daemon.Quiet.SettingsOf(Alice).Hours?.ToString());
        Assert.Null(f.Daemon.Quiet.SettingsOf(Bob).Hours);

        await page.FocusAsync("#quiet-hours-clear");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('quiet-state').textContent.includes('No quiet hours')");
        Assert.Null(f.Daemon.Quiet.SettingsOf(Alice).Hours);
    });
}
