using System.Text;
using Messngr.Daemon.Users;

namespace Messngr.Daemon.Tests.Users;

public class UtmpParserTests
{
    [Fact]
    public void User_process_records_are_read_with_line_user_host_and_pid()
    {
        var data = UtmpBytes.File(
            UtmpBytes.Record(UtmpBytes.USER_PROCESS, 4242, "pts/3", "alice", "192.0.2.7", "ts/3"),
            UtmpBytes.Record(UtmpBytes.USER_PROCESS, 17, "tty1", "bob"));

        var entries = UtmpParser.Parse(data);

        Assert.Equal([new UtmpEntry(4242, "pts/3", "alice", "192.0.2.7"), new UtmpEntry(17, "tty1", "bob", "")], entries);
    }

    [Theory]
    [InlineData(UtmpBytes.BOOT_TIME)]
    [InlineData(UtmpBytes.LOGIN_PROCESS)]
    [InlineData(UtmpBytes.DEAD_PROCESS)]
    [InlineData(0)]
    public void Records_that_are_not_user_processes_are_skipped(short type)
    {
        var data = UtmpBytes.File(UtmpBytes.Record(type, 1, "tty1", "LOGIN"), UtmpBytes.Record(UtmpBytes.USER_PROCESS, 2, "tty2", "carol"));

        var entry = Assert.Single(UtmpParser.Parse(data));
        Assert.Equal("carol", entry.User);
    }

    [Fact]
    public void A_full_32_byte_user_name_without_a_terminator_is_read_whole()
    {
        var name = new string('u', 32);
        var entry = Assert.Single(UtmpParser.Parse(UtmpBytes.Record(UtmpBytes.USER_PROCESS, 5, "pts/0", name)));
        Assert.Equal(name, entry.User);
    }

    [Fact]
    public void Every_prefix_of_a_file_parses_the_complete_records_only()
    {
        var data = UtmpBytes.File(
            UtmpBytes.Record(UtmpBytes.USER_PROCESS, 1, "pts/1", "alice"),
            UtmpBytes.Record(UtmpBytes.USER_PROCESS, 2, "pts/2", "bob"));

        for (var length = 0; length <= data.Length; length++)
        {
            var entries = UtmpParser.Parse(data.AsSpan(0, length));
            Assert.Equal(length / UtmpParser.RecordSize, entries.Count);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x41 }, new byte[] { (byte)'t', (byte)'t', (byte)'y', (byte)'1' })] // user not UTF-8
    [InlineData(new byte[] { (byte)'e', 0x1B, (byte)'[', (byte)'2', (byte)'J' }, new byte[] { (byte)'t', (byte)'t', (byte)'y', (byte)'1' })] // escape in user
    [InlineData(new byte[] { (byte)'b', (byte)'o', (byte)'b' }, new byte[] { (byte)'p', (byte)'t', (byte)'s', (byte)'/', 0x07 })] // BEL in line
    [InlineData(new byte[] { (byte)'b', (byte)'o', (byte)' ', (byte)'b' }, new byte[] { (byte)'t', (byte)'t', (byte)'y', (byte)'1' })] // blank in user
    [InlineData(new byte[0], new byte[] { (byte)'t', (byte)'t', (byte)'y', (byte)'1' })] // empty user
    [InlineData(new byte[] { (byte)'b', (byte)'o', (byte)'b' }, new byte[0])] // empty line
    public void Records_with_bad_strings_are_skipped(byte[] user, byte[] line)
    {
        var data = UtmpBytes.File(UtmpBytes.Raw(UtmpBytes.USER_PROCESS, 9, line, user), UtmpBytes.Record(UtmpBytes.USER_PROCESS, 3, "pts/9", "dave"));

        var entry = Assert.Single(UtmpParser.Parse(data));
        Assert.Equal("dave", entry.User);
    }

    [Fact]
    public void At_most_max_records_are_looked_at()
    {
        var records = Enumerable.Range(0, 10).Select(i => UtmpBytes.Record(UtmpBytes.USER_PROCESS, i, $"pts/{i}", "user" + i)).ToArray();

        Assert.Equal(4, UtmpParser.Parse(UtmpBytes.File(records), maxRecords: 4).Count);
    }

    [Fact]
    public void Random_bytes_never_throw_and_yield_only_clean_entries()
    {
        var random = new Random(384);
        for (var i = 0; i < 500; i++)
        {
            var data = new byte[random.Next(0, 384 * 4)];
            random.NextBytes(data);
            if (data.Length >= 2 && random.Next(2) == 0)
            {
                data[0] = 7;
                data[1] = 0;
            }

            foreach (var entry in UtmpParser.Parse(data))
            {
                Assert.DoesNotContain(entry.User + entry.Line + entry.Host, c => char.IsControl(c) || char.IsWhiteSpace(c));
                Assert.NotEmpty(entry.User);
                Assert.NotEmpty(entry.Line);
            }
        }
    }

    [Fact]
    public void Multi_byte_utf8_user_names_are_decoded()
    {
        var entry = Assert.Single(UtmpParser.Parse(UtmpBytes.Raw(UtmpBytes.USER_PROCESS, 1, "pts/1"u8.ToArray(), Encoding.UTF8.GetBytes("jörg"))));
        Assert.Equal("jörg", entry.User);
    }
}
