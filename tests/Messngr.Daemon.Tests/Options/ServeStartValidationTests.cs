using Messngr.Daemon.Options;

namespace Messngr.Daemon.Tests.Options;

/// <summary>
/// Issue #12, item 5: what the loader refuses at start (and at each SIGHUP reload), so that serve
/// ends with one line and exit 78 instead of failing at the first message.
/// </summary>
public sealed class ServeStartValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServeOptions Load(Dictionary<string, string> flags, string config = "/dev/null") =>
        ServeOptionsLoader.Load(flags, new Dictionary<string, string> { ["HOME"] = _dir }, config, isRoot: false);

    [Fact]
    public void A_hook_program_that_does_not_exist_is_refused_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["hook"] = "/nonexistent/on-message --notify" }));

        Assert.Equal("--hook: /nonexistent/on-message does not exist", error.Message);
    }

    [Fact]
    public void A_hook_program_without_an_execute_bit_is_refused()
    {
        var program = Path.Combine(_dir, "on-message");
        File.WriteAllText(program, "#!/bin/sh\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["hook"] = program }));

        Assert.Equal($"--hook: {program} is not executable", error.Message);
    }

    [Theory]
    [InlineData("hook-concurrency", "hooks running at once (1-64)")]
    [InlineData("hook-queue", "messages waiting for a hook (1-10000)")]
    public void Zero_hooks_at_once_or_a_queue_of_zero_is_refused(string key, string what)
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["hook"] = "/bin/true", [key] = "0" }));

        Assert.Equal($"--{key}: '0' is not a number of {what}", error.Message);
    }

    [Fact]
    public void A_config_path_that_is_a_directory_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new(), config: _dir));

        Assert.Equal($"config file '{_dir}' is a directory, not a file", error.Message);
    }
}
