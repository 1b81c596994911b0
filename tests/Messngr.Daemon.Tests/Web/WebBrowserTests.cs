using Messngr.Daemon.Core;
using Messngr.Daemon.Tests.Control;
using PuppeteerSharp;

namespace Messngr.Daemon.Tests.Web;

/// <summary>
/// The page in Debian's headless chromium (issue #14, item 2), driven by PuppeteerSharp pointed at
/// /usr/bin/chromium (nothing downloaded), against the web listener over a fake daemon. Screenshots
/// go to <c>bin/Release/net10.0/artifacts/web/NAME.png</c> under this test project.
/// </summary>
public sealed class WebBrowserTests
{
    private const uint Alice = 1000;
    private const uint Bob = 2000;
    internal static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static string ArtifactDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "web");

    internal static async Task<IBrowser> LaunchAsync(string userDataDir) =>
        await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            UserDataDir = userDataDir,
            Timeout = (int)Wait.TotalMilliseconds,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    private static async Task<WebServerFixture> StartAsync()
    {
        var f = await WebServerFixture.StartAsync();
        await f.Daemon.AddNameAsync("ALICE", Alice, CancellationToken.None);
        return f;
    }

    /// <summary>Opens the page logged in as <paramref name="uid"/> and waits until its event stream is connected.</summary>
    internal static async Task<IPage> OpenAsync(IBrowser browser, WebServerFixture f, uint uid)
    {
        var page = await browser.NewPageAsync();
        page.DefaultTimeout = (int)Wait.TotalMilliseconds;
        await page.GoToAsync(f.Access.UrlFor(f.Access.Tokens.GetOrCreate(uid)));
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.startsWith('Connected')");
        return page;
    }

    internal static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactDirectory);
        await page.ScreenshotAsync(Path.Combine(ArtifactDirectory, name + ".png"), new ScreenshotOptions { FullPage = true });
    }

    internal static async Task RunAsync(Func<IBrowser, WebServerFixture, Task> body)
    {
        var userData = Directory.CreateTempSubdirectory("messngr-chromium-").FullName;
        try
        {
            await using var f = await StartAsync();
            await using var browser = await LaunchAsync(userData);
            await body(browser, f);
        }
        finally
        {
            Directory.Delete(userData, recursive: true);
        }
    }

    [Fact]
    public Task Logged_in_with_the_token_a_message_arrives_live_without_reload_and_opening_it_sends_the_read_receipt() => RunAsync(async (browser, f) =>
    {
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        var page = await OpenAsync(browser, f, Alice);
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal); // the page took it out of the address bar
        await page.EvaluateExpressionAsync("window.__sameDocument = true");

        f.Daemon.Publish(FakeDaemonControl.Message(11, "BOB", "ALICE", "hello from bob"));
        await page.WaitForSelectorAsync("#inbox-list li.unread");
        Assert.True(await page.EvaluateExpressionAsync<bool>("window.__sameDocument === true"));
        await ScreenshotAsync(page, "live-message-unread");

        await page.ClickAsync("#inbox-list li button");
        await page.WaitForFunctionAsync("() => document.getElementById('message-text').textContent === 'hello from bob'");
        await ConditionAsync(() => reporter.Count(ReceiptState.Read) == 1);
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#inbox-list li.unread').length"));
        await ScreenshotAsync(page, "message-opened-read");
    });

    [Fact]
    public Task A_critical_message_flashes_the_header_and_names_its_priority() => RunAsync(async (browser, f) =>
    {
        var page = await OpenAsync(browser, f, Alice);

        var critical = FakeDaemonControl.Message(17, "OPS", "ALICE", "disk full");
        f.Daemon.Publish(critical with { Message = critical.Message with { Priority = Priority.Critical } });
        await page.WaitForSelectorAsync("header.flash");
        await ScreenshotAsync(page, "critical-message-cue");

        Assert.Equal(1, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#inbox-list li.urgent').length"));
        Assert.Contains("(critical)", await page.EvaluateExpressionAsync<string>("document.getElementById('status').textContent"), StringComparison.Ordinal);
    });

    [Fact]
    public Task A_reply_goes_through_the_daemons_reply_endpoint_to_the_senders_node_as_the_token_owner() => RunAsync(async (browser, f) =>
    {
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        f.Daemon.SendStack = Messngr.Daemon.Tests.Sending.FakeSendStack.Create(new Messngr.Daemon.Tests.Sending.FakeClassicTransports());
        f.Daemon.UserNames[Alice] = "alice";
        var original = FakeDaemonControl.Message(12, "bob", "ALICE", "lunch?", MessageTransport.Native);
        original = original with { Message = original.Message with { Sender = new SenderIdentity.Native(Messngr.Daemon.Tests.Native.TrustStoreTests.Id("hostb").ToString(), "bob") } };
        f.Daemon.AddHistory(original);
        var page = await OpenAsync(browser, f, Alice);
        var posts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, e) =>
        {
            if (e.Request.Method == HttpMethod.Post)
            {
                posts.Enqueue(new Uri(e.Request.Url).AbsolutePath);
            }
        };

        await page.ClickAsync("#inbox-list li button");
        await page.WaitForFunctionAsync("() => !document.getElementById('message').hidden");
        await page.ClickAsync("#reply-button");
        var view = await page.EvaluateExpressionAsync<string>("[document.getElementById('compose-title').textContent, document.getElementById('reply-to').textContent, document.getElementById('to-field').hidden].join(' | ')");
        await page.TypeAsync("#text", "yes, at noon");
        await page.ClickAsync("#compose-form button[type=submit]");
        await page.WaitForFunctionAsync("() => document.getElementById('compose-result').textContent.startsWith('Sent')");
        await ScreenshotAsync(page, "reply-sent");

        Assert.StartsWith("Reply | Reply to bob (verified ", view, StringComparison.Ordinal);
        Assert.EndsWith(" | true", view, StringComparison.Ordinal);
        Assert.Contains("/api/v1/messages/12/reply", posts);
        Assert.DoesNotContain(posts, p => p.StartsWith("/api/v1/send", StringComparison.Ordinal));
        var sent = Assert.Single(delivery.Submitted);
        // The daemon's rule: a node in neither the peer table nor the trust list is tried at the login on port 2426.
        Assert.Equal(("bob@10.0.0.2:2426", "yes, at noon", "alice", Alice), (sent.Recipient, sent.Text, sent.FromUser, sent.FromUid));
        Assert.Equal(original.Message.MessageId, sent.ReplyTo);
        Assert.StartsWith("result ok | bob@10.0.0.2:2426: delivered over native (verified)",
            await page.EvaluateExpressionAsync<string>("[...document.querySelectorAll('#compose-results li')].map(li => li.className + ' | ' + li.textContent).join('\\n')"), StringComparison.Ordinal);
    });

    [Fact]
    public Task Script_and_event_handlers_in_a_message_are_shown_as_text_and_never_run() => RunAsync(async (browser, f) =>
    {
        const string hostile = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>\u202Egnp.exe";
        f.Daemon.AddHistory(FakeDaemonControl.Message(13, "<b onmouseover=window.__pwned=3>X</b>", "ALICE", hostile));
        var page = await OpenAsync(browser, f, Alice);

        await page.ClickAsync("#inbox-list li button");
        await page.WaitForFunctionAsync("() => !document.getElementById('message').hidden");
        await page.HoverAsync("#message-from");
        await ScreenshotAsync(page, "hostile-message-inert");

        Assert.Equal("undefined", await page.EvaluateExpressionAsync<string>("typeof window.__pwned"));
        var shown = await page.EvaluateExpressionAsync<string>("document.getElementById('message-text').textContent");
        Assert.StartsWith("<img src=x onerror=", shown, StringComparison.Ordinal);
        Assert.Contains("\\u202E", shown, StringComparison.Ordinal); // the bidi override is shown, not obeyed
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#message img, #message script, #inbox-list b').length"));
    });

    [Fact]
    public Task Another_users_token_sees_nothing_of_yours() => RunAsync(async (browser, f) =>
    {
        f.Daemon.AddHistory(FakeDaemonControl.Message(14, "CAROL", "ALICE", "for alice only"));
        var page = await OpenAsync(browser, f, Bob);

        await f.Daemon.AddNameAsync("BOBBY", Bob, CancellationToken.None);
        f.Daemon.Publish(FakeDaemonControl.Message(15, "CAROL", "ALICE", "also for alice"));
        f.Daemon.Publish(FakeDaemonControl.Message(16, "CAROL", "BOBBY", "for bob")); // arrives after Alice's: once it shows, hers was skipped
        await page.WaitForSelectorAsync("#inbox-list li");
        await ScreenshotAsync(page, "other-user-sees-only-own");

        Assert.Equal(1, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#inbox-list li').length"));
        await page.ClickAsync("#inbox-list li button");
        await page.WaitForFunctionAsync("() => document.getElementById('message-text').textContent === 'for bob'");
        Assert.DoesNotContain("alice", await page.GetContentAsync(), StringComparison.OrdinalIgnoreCase);
    });

    internal static async Task ConditionAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within the safety net");
            await Task.Delay(20);
        }
    }
}
