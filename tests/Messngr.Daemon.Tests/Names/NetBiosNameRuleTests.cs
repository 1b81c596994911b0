using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;
using Messngr.Daemon.Names;
using Messngr.Daemon.Options;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Names;

/// <summary>
/// Issue #12, item 10: one rule for NetBIOS names everywhere — send (recipient, --from), 'messngr
/// name' on the command line and in the daemon's control handler, serve's computer name, workgroup
/// and aliases — with one error text (<see cref="NetBiosNameRule"/>).
/// </summary>
public sealed class NetBiosNameRuleTests
{
    public static TheoryData<string> BadNames => new() { "BAD*NAME", "a/b", "x?y", "p|q", "back\\slash", "c:d", "q\"uote", "lt<gt>", "SIXTEEN-CHARS-XX", "tab\tname" };

    public static TheoryData<string> GoodNames => new() { "O'BRIEN-PC", "PC_07", "HELP DESK", "A.B", "{X}~!#$%&()", "FIFTEENCHARSLON", "caret^and&" };

    /// <summary>The text every surface shows, after its own "where" prefix.</summary>
    private static string Core(string name) => NetBiosNameRule.Validate(name, string.Empty)!;

    [Fact]
    public void The_error_names_the_character_and_states_the_rule()
    {
        Assert.Equal(
            "'BAD*NAME' is not a valid NetBIOS name: '*' is not allowed (a NetBIOS name has 1-15 characters, none of them \\ / : * ? \" < > | or a control character)",
            NetBiosNameRule.Validate("BAD*NAME", string.Empty));
        Assert.Equal("name 'SIXTEEN-CHARS-XX' is not a valid NetBIOS name: it is longer than 15 characters (" + NetBiosNameRule.Rule + ")", NetBiosNameRule.Validate("SIXTEEN-CHARS-XX", "name"));
        Assert.Contains("'tab\\x09name'", NetBiosNameRule.Validate("tab\tname", string.Empty), StringComparison.Ordinal);
        Assert.Contains("it is empty", NetBiosNameRule.Validate(string.Empty, string.Empty), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Send_refuses_a_bad_recipient_and_a_bad_from_with_the_one_text(string name)
    {
        Assert.NotNull(NetBiosNameRule.Validate(name, string.Empty));
        Assert.False(RecipientParser.TryParse(name, out _, out var error));
        Assert.Contains(Core(name), error, StringComparison.Ordinal);

        var context = new CommandContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>(), false);
        Task<int> Send(params string[] args) => SendCommand.RunAsync(["--config", "/dev/null", .. args], context, () => TextReader.Null, true, CancellationToken.None);
        var recipient = await Assert.ThrowsAsync<UsageException>(() => Send(name, "hi"));
        Assert.Contains(Core(name), recipient.Message, StringComparison.Ordinal);
        var from = await Assert.ThrowsAsync<UsageException>(() => Send("--from", name, "bob", "hi"));
        Assert.Contains(Core(name), from.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Name_add_and_delete_refuse_a_bad_name_before_asking_the_daemon(string name)
    {
        await using var f = await ControlServerFixture.StartAsync();
        var context = f.Context(out _, out _);
        foreach (var args in (string[][])[["--add", name], [name, "/add"], ["--delete", name], [name, "/DEL"]])
        {
            // A UsageException is exit 64 (Program.Main).
            var ex = await Assert.ThrowsAsync<UsageException>(() => NameCommand.RunAsync(f.StateDirArgs(args), context, CancellationToken.None));
            Assert.Equal("name: " + Core(name), ex.Message);
        }

        Assert.Empty(f.Daemon.Calls);
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task The_daemons_control_handler_refuses_a_bad_name_from_any_client(string name)
    {
        await using var f = await ControlServerFixture.StartAsync();
        var add = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.AddNameAsync(name, CancellationToken.None));
        Assert.Equal((ControlFailure.Rejected, Core(name)), (add.Failure, add.Message));
        Assert.Empty(f.Daemon.Calls);
        if (!name.Contains('/', StringComparison.Ordinal)) // %2F stays encoded in the path: no name to delete there
        {
            var delete = await Assert.ThrowsAsync<ControlClientException>(() => f.Client.DeleteNameAsync(name, CancellationToken.None));
            Assert.Equal((ControlFailure.Rejected, Core(name)), (delete.Failure, delete.Message));
            Assert.Empty(f.Daemon.Calls);
        }
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public void Serve_refuses_a_bad_computer_name_workgroup_or_alias_with_the_one_text(string name)
    {
        foreach (var key in (string[])["netbios-name", "workgroup", "alias"])
        {
            var ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { [key] = name }, new Dictionary<string, string>(), "/dev/null", false));
            Assert.Equal($"--{key}: {Core(name)}", ex.Message);
        }
    }

    [Theory]
    [MemberData(nameof(GoodNames))]
    public async Task Good_names_pass_everywhere(string name)
    {
        Assert.Null(NetBiosNameRule.Validate(name, "name"));
        Assert.True(RecipientParser.TryParse(name, out var recipient, out var error), error);
        Assert.Equal(RecipientForm.Name, recipient.Form);
        foreach (var key in (string[])["netbios-name", "workgroup", "alias"])
        {
            ServeOptionsLoader.Load(new Dictionary<string, string> { [key] = name }, new Dictionary<string, string>(), "/dev/null", false);
        }

        await using var f = await ControlServerFixture.StartAsync();
        Assert.Equal(ExitCodes.Ok, await NameCommand.RunAsync(f.StateDirArgs("--add", name), f.Context(out _, out _), CancellationToken.None));
        Assert.Contains(f.Daemon.Calls, c => c.Call == "add " + name);
    }
}
