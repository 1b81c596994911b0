using System.Net;
using System.Text.RegularExpressions;

namespace Messngr.Daemon.Tests.Web;

/// <summary>The page's files (issue #14, item 2): served from the binary, inert to message data under the CSP.</summary>
public sealed partial class WebPageTests
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/app.js", "text/javascript")]
    public async Task The_pages_files_are_served_without_a_token_with_their_type_and_the_strict_headers(string path, string type)
    {
        await using var f = await WebServerFixture.StartAsync();
        using var client = f.Client(null);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_html_has_no_inline_script_style_or_event_handler_so_the_csp_can_forbid_them()
    {
        await using var f = await WebServerFixture.StartAsync();
        using var client = f.Client(null);

        var html = await client.GetStringAsync("/");

        Assert.All(ScriptTag().Matches(html), m => Assert.Contains("src=\"/app.js\"", m.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(EventHandlerAttribute().Matches(html));
        Assert.DoesNotContain("http://", html.Replace("http://127.0.0.1", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_script_puts_text_in_the_dom_only_with_textContent()
    {
        await using var f = await WebServerFixture.StartAsync();
        using var client = f.Client(null);

        var js = await client.GetStringAsync("/app.js");

        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"on", "javascript:" })
        {
            Assert.DoesNotContain(sink, js, StringComparison.Ordinal);
        }

        Assert.Contains("textContent", js, StringComparison.Ordinal);
        Assert.Contains("\"Authorization\": \"Bearer \" + token", js, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_paths_are_404_and_the_files_take_no_post()
    {
        await using var f = await WebServerFixture.StartAsync();
        using var client = f.Client(null);

        using var missing = await client.GetAsync("/etc/passwd");
        using var post = await client.PostAsync("/app.js", null);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();
}
