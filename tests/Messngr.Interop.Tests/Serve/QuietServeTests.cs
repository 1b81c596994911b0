using System.Text.Json;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #14, item 3, on the real <c>messngr serve</c>, <c>messngr dnd</c> and <c>messngr quiet-hours</c>:
/// the settings go through the control socket into <c>STATE_DIR/quiet/UID.json</c> (0600, owned by
/// the daemon's user after the privilege drop) and are the same after a restart.
/// </summary>
public sealed class QuietServeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-quiet-").FullName;

    public QuietServeTests()
    {
        // The daemon, once uid nobody, writes in its state directory: the path must be traversable.
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Tool.Result Messngr(params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args]);

    [Fact]
    public void Dnd_and_quiet_hours_are_kept_in_a_private_file_and_survive_a_restart()
    {
        var state = Path.Combine(_dir, "state");
        using (var serve = ServeProcess.StartIn(state, "HOSTQ", "LAB", "--user", "nobody"))
        {
            var on = Messngr("dnd", "on", "--state-dir", state);
            Assert.True(on.ExitCode == 0, on.Error);
            Assert.Contains("Do not disturb: on", on.Output, StringComparison.Ordinal);
            var hours = Messngr("quiet-hours", "22:00-07:00", "--state-dir", state);
            Assert.True(hours.ExitCode == 0, hours.Error);
            var refused = Messngr("dnd", "until", "2001-01-01T00:00Z", "--state-dir", state);
            Assert.Equal(65, refused.ExitCode);

            var file = Path.Combine(state, "quiet", "0.json");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal("nobody", Tool.Run("stat", ["-c", "%U", file]).Output.Trim());
            Assert.Equal(0, serve.Stop());
        }

        using (ServeProcess.StartIn(state, "HOSTQ", "LAB", "--user", "nobody"))
        {
            var status = Messngr("dnd", "--json", "--state-dir", state);
            Assert.True(status.ExitCode == 0, status.Error);
            using var json = JsonDocument.Parse(status.Output);
            Assert.Equal("on", json.RootElement.GetProperty("dnd").GetString());
            Assert.Equal("22:00-07:00", json.RootElement.GetProperty("quietHours").GetString());
            Assert.True(json.RootElement.GetProperty("quiet").GetBoolean());
        }
    }
}
