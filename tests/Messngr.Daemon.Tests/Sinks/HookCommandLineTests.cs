using Messngr.Daemon.Sinks;

namespace Messngr.Daemon.Tests.Sinks;

public class HookCommandLineTests
{
    [Theory]
    [InlineData("/usr/local/bin/on-message --flag", new[] { "/usr/local/bin/on-message", "--flag" })]
    [InlineData("  /bin/x   a\tb  ", new[] { "/bin/x", "a", "b" })]
    [InlineData("/bin/x 'two words' \"and \\\"more\\\"\"", new[] { "/bin/x", "two words", "and \"more\"" })]
    [InlineData("/bin/x a\\ b", new[] { "/bin/x", "a b" })]
    [InlineData("/bin/x '' \"\"", new[] { "/bin/x", "", "" })]
    [InlineData("/bin/x %s %f $HOME $(id) `id` ;|&", new[] { "/bin/x", "%s", "%f", "$HOME", "$(id)", "`id`", ";|&" })]
    public void The_hook_option_is_split_into_argv_without_any_expansion(string line, string[] argv) =>
        Assert.Equal(argv, HookCommandLine.Split(line));

    [Theory]
    [InlineData("")]
    [InlineData("on-message --flag")]
    [InlineData("/bin/x 'open")]
    [InlineData("/bin/x \"open")]
    [InlineData("/bin/x trailing\\")]
    [InlineData("/bin/x a\nb")]
    public void Malformed_hook_options_name_the_key(string line)
    {
        var error = Assert.Throws<ArgumentException>(() => HookCommandLine.Split(line));
        Assert.Contains("hook = ", error.Message, StringComparison.Ordinal);
    }
}
