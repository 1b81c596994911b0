using System.Net;
using System.Text.Json;
using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Tests.Api;

/// <summary>Issue #15, item 1: <c>POST /v1/messages</c> publishes as the token's owner; bad input is the right status, a JSON error, and nothing sent.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ApiPublishTests
{
    private const uint Alice = ApiServerFixture.Alice;

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string json, string contentType = "application/json")
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, contentType);
        using var response = await client.PostAsync("/v1/messages", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static void AssertError(string body, string code)
    {
        using var json = JsonDocument.Parse(body);
        Assert.Equal(code, json.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("message").GetString()));
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task A_message_to_a_name_goes_over_smb_as_the_token_owners_login_with_the_title_as_its_first_line()
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice));

        var (status, body) = await PostAsync(client, "{\"recipients\":[\"bob\"],\"title\":\"Disk full\",\"text\":\"/var at 99%\",\"priority\":\"high\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("{\"results\":[{\"recipient\":\"bob\",\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"smb\"", body, StringComparison.Ordinal);
        Assert.Equal(new ClassicMessage("alice", "BOB", "Disk full\n\n/var at 99%"), f.Transports.Messages.Single());
    }

    /// <summary>
    /// A publish is counted in messngr_messages_sent_total as every daemon-side send is
    /// (DaemonSendStack.SendAsUserAsync): the API's and the Alertmanager receiver's sends were not.
    /// </summary>
    [Fact]
    public async Task A_published_classic_message_is_counted_as_sent()
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var metrics = new Messngr.Daemon.Metrics.DaemonMetrics(new Messngr.Daemon.Core.ListenerCounters());
        using var collector = new Messngr.Daemon.Metrics.MetricsCollector(metrics.Meter);
        f.Daemon.SendStack = Messngr.Daemon.Tests.Sending.FakeSendStack.Create(f.Transports, metrics);
        using var client = f.Client(f.NewToken(ApiServerFixture.Alice));

        var (status, _) = await PostAsync(client, "{\"recipients\":[\"bob\"],\"text\":\"counted\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("messngr_messages_sent_total{transport=\"smb\"} 1\n", Messngr.Daemon.Metrics.PrometheusTextWriter.Write(collector.Collect()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_recipients_it_goes_to_the_alert_names_and_without_those_it_is_422()
    {
        await using var withNames = await ApiServerFixture.StartAsync(alertNames: ["BOB"]);
        await using var without = await ApiServerFixture.StartAsync();
        using var a = withNames.Client(withNames.NewToken(Alice));
        using var b = without.Client(without.NewToken(Alice));

        var (sent, _) = await PostAsync(a, "{\"text\":\"UPS on battery\"}");
        var (none, body) = await PostAsync(b, "{\"text\":\"UPS on battery\"}");

        Assert.Equal(HttpStatusCode.OK, sent);
        Assert.Equal(new ClassicMessage("alice", "BOB", "UPS on battery"), withNames.Transports.Messages.Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none);
        AssertError(body, "no-recipients");
        Assert.Empty(without.Transports.Calls);
    }

    [Fact]
    public async Task Close_with_a_correlation_key_sends_the_replacement_marked_resolved_and_close_without_a_key_is_400()
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice));

        var (closed, _) = await PostAsync(client, "{\"recipients\":[\"bob\"],\"title\":\"Disk full\",\"text\":\"back to 60%\",\"correlationKey\":\"disk-var\",\"close\":true}");
        var (keyless, body) = await PostAsync(client, "{\"recipients\":[\"bob\"],\"text\":\"over\",\"close\":true}");

        Assert.Equal(HttpStatusCode.OK, closed);
        Assert.Equal("RESOLVED: Disk full\n\nback to 60%", f.Transports.Messages.Single().Text);
        Assert.Equal(HttpStatusCode.BadRequest, keyless);
        AssertError(body, "invalid");
    }

    [Theory]
    [InlineData("{\"recipients\":[\"bob\"],\"text\":", "invalid")]
    [InlineData("{\"recipients\":[\"bob\"],\"text\":\"hi\",\"priorty\":\"high\"}", "invalid")]
    [InlineData("{\"recipients\":[\"bob\"],\"text\":\"hi\",\"from\":\"mallory\"}", "invalid")]
    [InlineData("{\"recipients\":[\"bob\"],\"text\":\"hi\",\"priority\":\"urgent\"}", "invalid")]
    [InlineData("{\"recipients\":[\"bob\"],\"text\":\"hi\",\"expires\":0}", "invalid")]
    [InlineData("{\"recipients\":[\"bob\"],\"text\":\"hi\",\"expires\":\"tomorrow\"}", "invalid")]
    [InlineData("{\"recipients\":[\"bob\"],\"text\":\"hi\",\"correlationKey\":\"has space\"}", "invalid")]
    [InlineData("{\"recipients\":[\"bob\"],\"text\":\"   \"}", "invalid")]
    [InlineData("{\"recipients\":[\"@/etc/passwd\"],\"text\":\"hi\"}", "invalid")]
    [InlineData("[]", "invalid")]
    [InlineData("null", "invalid")]
    public async Task Malformed_json_unknown_fields_and_bad_values_are_400_and_nothing_is_sent(string json, string code)
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice));

        var (status, body) = await PostAsync(client, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(body, code);
        Assert.Empty(f.Transports.Calls);
    }

    /// <summary>
    /// Issue #15, review follow-up: the publish and the Alertmanager receiver share one JSON check
    /// (JsonMediaType). The publish let a malformed parameter list through, the receiver a type with
    /// spaces around its '/': now both refuse both, with 415, and nothing is sent.
    /// </summary>
    [Theory]
    [InlineData("application/json; =utf-8")]
    [InlineData("application/json; charset=\"utf-8")]
    [InlineData("application / json")]
    public async Task A_content_type_that_is_no_well_formed_application_json_is_415_at_the_publish_and_the_alertmanager_receiver(string contentType)
    {
        await using var f = await ApiServerFixture.StartAsync();
        f.Daemon.AlertmanagerRouting = new Messngr.Daemon.Alertmanager.AlertmanagerRouting(
            Messngr.Daemon.Alertmanager.AlertmanagerRouteParser.Parse("job=http_checks -> bob", 64), []);
        using var client = f.Client(f.NewToken(Alice));

        async Task<(HttpStatusCode Status, string Body)> RawAsync(string path, string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json)) };
            Assert.True(request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType));
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var (publishStatus, publish) = await RawAsync("/v1/messages", "{\"recipients\":[\"bob\"],\"text\":\"hi\"}");
        var (alertStatus, alert) = await RawAsync("/v1/alertmanager", Messngr.Daemon.Tests.Alertmanager.AlertmanagerPayloads.Firing);

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, HttpStatusCode.UnsupportedMediaType), (publishStatus, alertStatus));
        AssertError(publish, "unsupported-media-type");
        AssertError(alert, "unsupported-media-type");
        Assert.Empty(f.Transports.Calls);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_application_json_is_415_and_nothing_is_sent(string contentType)
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice));

        var (status, body) = await PostAsync(client, "{\"recipients\":[\"bob\"],\"text\":\"hi\"}", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        AssertError(body, "unsupported-media-type");
        Assert.Empty(f.Transports.Calls);
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_nothing_is_sent()
    {
        await using var f = await ApiServerFixture.StartAsync(new Messngr.Daemon.Core.DaemonLimits { MaxApiRequestBytes = 1024 });
        using var client = f.Client(f.NewToken(Alice));

        var (status, body) = await PostAsync(client, "{\"recipients\":[\"bob\"],\"text\":\"" + new string('x', 4096) + "\"}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertError(body, "too-large");
        Assert.Empty(f.Transports.Calls);
    }

    [Theory]
    [InlineData("[\"bob\",\"ADMIN\"]", "OPS*")]
    [InlineData("[\"*\"]", "OPS*")]
    [InlineData("[\"opsx\",\"ops@far\"]", "OPS?")]
    public async Task A_recipient_outside_the_tokens_scope_is_403_and_nothing_is_sent_to_anyone(string recipients, string scope)
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice, "scoped", scope));

        var (status, body) = await PostAsync(client, $"{{\"recipients\":{recipients},\"text\":\"hi\"}}");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertError(body, "forbidden");
        Assert.Empty(f.Transports.Calls);
    }

    [Fact]
    public async Task A_recipient_inside_the_scope_is_sent_whatever_its_case()
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice, "scoped", "B*", "ADMIN"));

        var (status, _) = await PostAsync(client, "{\"recipients\":[\"bob\"],\"text\":\"hi\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(f.Transports.Messages);
    }
}
