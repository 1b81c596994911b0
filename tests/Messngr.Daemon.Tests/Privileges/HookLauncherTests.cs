using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Sinks.HookLaunch;
using Messngr.Daemon.Tests.Sinks;
using Messngr.Daemon.Tests.Users;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Privileges;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HookLauncherTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Script()
    {
        var path = _dir.File("hook.sh");
        File.WriteAllText(path, $"#!/bin/sh\nprintf '%s|%s|%s|%s|%s|%s' \"$MESSNGR_FROM\" \"$MESSNGR_MESSAGE_ID\" \"$MESSNGR_PRIORITY\" \"${{MESSNGR_SENDER_NODE:-classic}}\" \"${{MESSNGR_SENDER_USER:-}}\" \"$(cat \"$MESSNGR_TEXT_FILE\")\" > '{_dir.Path}/out-'\"$MESSNGR_SEQ\"\n");
        File.SetUnixFileMode(path, (UnixFileMode)0x1C0); // 0700
        return path;
    }

    private static string Line<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type) + "\n";

    [Fact]
    public async Task The_launcher_takes_its_settings_once_then_runs_the_hook_for_each_message_line_and_ends_with_the_pipe()
    {
        var settings = HookLaunchSettings.From(new ExecHookOptions { Command = [Script()] });
        var first = TestMessages.Message("hello from the pipe", from: "ALICE") with { Id = 41 };
        var second = TestMessages.Message("second", from: "BOB") with
        {
            Id = 42,
            Sender = new SenderIdentity.Native("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2", "bob"),
            Priority = Priority.High,
        };
        var input = Line(settings, HookLaunchJsonContext.Default.HookLaunchSettings)
            + Line(HookLaunchMessage.Of(first), HookLaunchJsonContext.Default.HookLaunchMessage)
            + "{not json\n"
            + Line(HookLaunchMessage.Of(first) with { Transport = "Carrier pigeon" }, HookLaunchJsonContext.Default.HookLaunchMessage)
            + Line(HookLaunchMessage.Of(second), HookLaunchJsonContext.Default.HookLaunchMessage);

        var exit = await HookLauncher.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)), new UserAccounts(), NullLogger.Instance);

        Assert.Equal(0, exit);
        Assert.Equal($"ALICE|{first.MessageId}|normal|classic||hello from the pipe", await File.ReadAllTextAsync(_dir.File("out-41")));
        Assert.Equal($"BOB|{second.MessageId}|high|P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2|bob|second", await File.ReadAllTextAsync(_dir.File("out-42")));
        Assert.Equal(2, Directory.GetFiles(_dir.Path, "out-*").Length);
    }

    [Fact]
    public async Task A_launcher_without_usable_settings_exits_78_and_runs_nothing()
    {
        Assert.Equal(78, await HookLauncher.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes("{}\n")), new UserAccounts(), NullLogger.Instance));
        Assert.Equal(78, await HookLauncher.RunAsync(new MemoryStream([]), new UserAccounts(), NullLogger.Instance));
        var relative = Line(HookLaunchSettings.From(new ExecHookOptions { Command = ["/bin/true"] }) with { Command = ["true"] }, HookLaunchJsonContext.Default.HookLaunchSettings);
        Assert.Equal(78, await HookLauncher.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(relative)), new UserAccounts(), NullLogger.Instance));
    }

    [Fact]
    public async Task Lines_longer_than_the_bound_are_skipped_whole_and_the_next_line_is_read()
    {
        var pipe = new Pipe();
        var reader = new BoundedLineReader(pipe.Reader.AsStream(), maxBytes: 16);
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("short\n" + new string('x', 100) + "\nnext\nlast"));
        await pipe.Writer.CompleteAsync();

        Assert.Equal("short", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("next", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("last", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal(1, reader.Oversized);
    }
}
