using System.Text.RegularExpressions;
using Messngr.Cli.Help;
using Messngr.Daemon.Options;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #12, item 13: <c>messngr help COMMAND</c> shows that command's help, <c>help nosuch</c>
/// exits 64; each command's --help lists exactly the exit codes it can return; timeouts are not
/// called rates; the README says what happens to long text.
/// </summary>
public sealed partial class CommandHelpTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("send")]
    [InlineData("name")]
    [InlineData("history")]
    [InlineData("listen")]
    [InlineData("read")]
    [InlineData("status")]
    [InlineData("lookup")]
    [InlineData("id")]
    [InlineData("trust")]
    [InlineData("peers")]
    [InlineData("sent")]
    [InlineData("ca")]
    public async Task Help_COMMAND_is_that_commands_help(string command)
    {
        var (code, output, error) = await MessngrProcess.RunAsync("help", command);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.StartsWith($"usage: messngr {command}", output, StringComparison.Ordinal);
        var (_, dashHelp, _) = await MessngrProcess.RunAsync(command, "--help");
        Assert.Equal(dashHelp, output);
    }

    [Fact]
    public async Task Help_for_a_command_that_does_not_exist_exits_64()
    {
        var (code, output, error) = await MessngrProcess.RunAsync("help", "nosuch");
        Assert.Equal(64, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("messngr: help: no command 'nosuch' (commands: serve, send, name", error, StringComparison.Ordinal);
    }

    /// <summary>What each command can end with, worked out from its code: no more, no less.</summary>
    [Theory]
    [InlineData("serve", new[] { 0, 64, 70, 73, 77, 78 })]
    [InlineData("send", new[] { 0, 64, 65, 66, 68, 69, 70, 75, 76, 77, 78 })]
    [InlineData("name", new[] { 0, 64, 65, 69, 70, 75, 77, 78 })]
    [InlineData("history", new[] { 0, 64, 69, 70, 75, 77, 78 })]
    [InlineData("listen", new[] { 0, 64, 69, 70, 75, 77, 78 })]
    [InlineData("read", new[] { 0, 64, 65, 69, 70, 75, 77, 78 })]
    [InlineData("status", new[] { 0, 64, 69, 70, 75, 77, 78 })]
    [InlineData("lookup", new[] { 0, 64, 68, 69, 78 })]
    [InlineData("id", new[] { 0, 64, 69, 70, 75, 77, 78 })]
    [InlineData("trust", new[] { 0, 64, 65, 69, 70, 75, 77, 78 })]
    [InlineData("peers", new[] { 0, 64, 69, 70, 75, 77, 78 })]
    [InlineData("sent", new[] { 0, 64, 65, 69, 70, 75, 77, 78 })]
    [InlineData("ca", new[] { 0, 64, 65, 66, 70, 77 })]
    public void Each_command_lists_its_own_exit_codes(string command, int[] codes)
    {
        var help = CommandCatalog.Find(command)!.Help;
        Assert.Equal(codes, help.ExitCodes.Select(c => c.Code));
        var text = help.Text;
        var list = text[text.LastIndexOf("exit codes: ", StringComparison.Ordinal)..];
        Assert.Equal(codes, ExitCodeNumber().Matches(list).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("tty-write-timeout")]
    [InlineData("hook-timeout")]
    public void A_bad_timeout_in_the_configuration_is_not_called_a_rate(string key)
    {
        var flags = new Dictionary<string, string> { [key] = "soon", ["hook"] = "/bin/true" };
        var ex = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(flags, new Dictionary<string, string>(), "/dev/null", isRoot: false));
        Assert.Equal($"--{key}: 'soon' is not a number of seconds (more than 0, at most 86400)", ex.Message);
    }

    [Fact]
    public void The_README_tells_the_length_limits_and_the_truncation_mark_and_not_never_cut_alone()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "README.md"));
        Assert.DoesNotContain("long text is split\ninto blocks, never cut.", readme, StringComparison.Ordinal);
        Assert.Contains("up to 4,096 bytes in all", readme, StringComparison.Ordinal);
        Assert.Contains("[truncated by messngr: N more bytes over the 4096-byte limit", readme, StringComparison.Ordinal);
        Assert.Contains("smb at most 4,096", CommandCatalog.Find("send")!.Help.Text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?:^|, |\n\s+|: )(\d{1,3})\s")]
    private static partial Regex ExitCodeNumber();
}
