using System.Globalization;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Tests.Listeners;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Issue #12, item 7: options end at the first word of the text (and at <c>--</c>), as
/// <c>net send</c> takes everything after the name as the message; before, option-like words
/// were taken out of the text ("restart with --timeout 5 please" arrived as "restart with please").
/// </summary>
public sealed class SendTextEndsOptionsTests : IAsyncLifetime
{
    private readonly ListenerFixture _fixture = new("HOSTB", "LAB", "HOSTC");
    private SessionListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = new SessionListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    [Fact]
    public async Task Option_like_words_in_the_text_are_delivered_as_they_were_written()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CommandContext(output, error, new Dictionary<string, string>(), IsRoot: false);
        var port = _listener.BoundPort.ToString(CultureInfo.InvariantCulture);
        string[] args =
        [
            "--config", "/dev/null", "--netbios-name", "TESTHOST", "--transport", "smb", "--session-port", port,
            "HOSTC@127.0.0.1", "restart", "with", "--timeout", "5", "please", "/v", "--json",
        ];

        var code = await SendCommand.RunAsync(args, context, () => TextReader.Null, inputRedirected: true, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 0, error.ToString());
        var message = await _fixture.NextMessageAsync(30_000);
        Assert.NotNull(message);
        Assert.Equal("restart with --timeout 5 please /v --json", message.Text);
        Assert.StartsWith("HOSTC@127.0.0.1: delivered over smb", output.ToString(), StringComparison.Ordinal); // not JSON: --json was text
    }

    [Fact]
    public void Options_stand_before_the_recipient()
    {
        var parsed = SendArguments.Parse(["--timeout", "5", "HOSTC", "hi"]);
        Assert.Equal(("HOSTC", "hi"), (parsed.RecipientText, parsed.Text));
        Assert.Equal(TimeSpan.FromSeconds(5), parsed.Timeout);
    }

    [Fact]
    public void Options_stand_between_the_recipient_and_the_text()
    {
        var parsed = SendArguments.Parse(["HOSTC", "--json", "--timeout", "3", "/v", "hi", "there"]);
        Assert.Equal(("HOSTC", "hi there"), (parsed.RecipientText, parsed.Text));
        Assert.True(parsed.Json);
        Assert.True(parsed.Verbose);
        Assert.Equal(TimeSpan.FromSeconds(3), parsed.Timeout);
    }

    [Fact]
    public void Double_dash_ends_the_options_and_the_rest_is_text()
    {
        var parsed = SendArguments.Parse(["HOSTC", "--", "--json", "is", "text"]);
        Assert.Equal(("HOSTC", "--json is text"), (parsed.RecipientText, parsed.Text));
        Assert.False(parsed.Json);
        Assert.False(SendArguments.WantsJson(["HOSTC", "--", "--json", "is", "text"]));
        Assert.False(SendArguments.WantsJson(["HOSTC", "say", "--json"]));
        Assert.True(SendArguments.WantsJson(["HOSTC", "--json", "say"]));
    }

    [Fact]
    public void Help_words_in_the_text_are_text()
    {
        var parsed = SendArguments.Parse(["HOSTC", "see", "--help", "or", "-h"]);
        Assert.False(parsed.Help);
        Assert.Equal("see --help or -h", parsed.Text);
    }
}
