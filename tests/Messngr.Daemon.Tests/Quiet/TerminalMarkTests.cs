using Messngr.Daemon.Quiet;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Quiet;

/// <summary>
/// Issue #14, item 3: the terminal sink keeps its hold mark as <c>tty</c> in <c>UID.held.json</c>;
/// no display subscriber may take that name, so a display can never move or clear the terminal's mark.
/// </summary>
public sealed class TerminalMarkTests
{
    [Fact]
    public async Task A_display_may_not_subscribe_as_the_terminal()
    {
        await using var f = await ControlServerFixture.StartAsync();
        await using var display = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=" + HeldMarks.TerminalMark);

        Assert.StartsWith("HTTP/1.1 400", display.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void The_terminal_mark_is_kept_and_read_back_like_a_displays()
    {
        var state = Directory.CreateTempSubdirectory("messngr-test-").FullName;
        try
        {
            var marks = new HeldMarks(state);
            marks.MarkHeld(1000, HeldMarks.TerminalMark, 7);
            marks.MarkHeld(1000, "web", 9);

            var again = new HeldMarks(state);
            Assert.Equal(7, again.HeldFrom(1000, HeldMarks.TerminalMark));
            Assert.Equal([(1000u, 7L)], again.Holding(HeldMarks.TerminalMark, 10));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
