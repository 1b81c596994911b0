using Messngr.Daemon.Sinks;

namespace Messngr.Daemon.Tests.Sinks;

public class TtyLineTests
{
    [Theory]
    [InlineData("pts/0", "/dev/pts/0")]
    [InlineData("pts/1234", "/dev/pts/1234")]
    [InlineData("tty1", "/dev/tty1")]
    [InlineData("ttyS0", "/dev/ttyS0")]
    [InlineData("ttyUSB0", "/dev/ttyUSB0")]
    [InlineData("ttyACM1", "/dev/ttyACM1")]
    [InlineData("ttyAMA0", "/dev/ttyAMA0")]
    [InlineData("hvc0", "/dev/hvc0")]
    public void Terminal_lines_map_to_devices_under_dev(string line, string expected)
    {
        Assert.True(TtyLine.TryGetDevicePath("/dev", line, out var path));
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("pts/../../x")]
    [InlineData("pts/../../../etc/shadow")]
    [InlineData("pts/")]
    [InlineData("pts/1a")]
    [InlineData("pts/1/")]
    [InlineData("pts/-1")]
    [InlineData("/dev/tty1")]
    [InlineData("/etc/passwd")]
    [InlineData("tty1/..")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData(":0")]
    [InlineData("tty 1")]
    [InlineData("tty\u0000")]
    [InlineData("")]
    [InlineData("1tty")]
    [InlineData("tty")] // the daemon's own controlling terminal
    [InlineData("console")]
    [InlineData("null")]
    [InlineData("sda1")]
    [InlineData("ttyX1")]
    [InlineData("pts/ptmx")]
    [InlineData("ptmx")]
    [InlineData("tty12345678")]
    [InlineData("ttyaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("pts/\u0661")] // Arabic-Indic digit one
    public void Anything_but_a_plain_terminal_name_is_refused(string line)
    {
        Assert.False(TtyLine.TryGetDevicePath("/dev", line, out var path));
        Assert.Equal(string.Empty, path);
    }

    [Fact]
    public void The_device_root_can_be_moved_for_tests()
    {
        Assert.True(TtyLine.TryGetDevicePath("/tmp/fake-dev/", "pts/3", out var path));
        Assert.Equal("/tmp/fake-dev/pts/3", path);
    }
}
