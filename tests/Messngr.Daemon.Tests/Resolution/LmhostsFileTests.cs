using System.Net;
using System.Text;
using Messngr.Daemon.Resolution;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Tests.Resolution;

/// <summary>Samba-format lmhosts (lmhosts(5), <c>getlmhostsent</c>): entries, suffixes, tags, comments, bad lines, size bound.</summary>
public sealed class LmhostsFileTests
{
    private const string Sample = """
        # lmhosts for the lab
        10.99.0.11   HOSTA          #PRE
        10.99.0.12   HOSTB#03
        10.99.0.13   hostc#20       #PRE #DOM:LAB
        10.99.0.14   "TWO WORDS"
            10.99.0.15	TABBED#1b
        10.99.0.16   HOSTB#03

        #10.99.0.99  COMMENTED
        """;

    private static IPAddress A(string s) => IPAddress.Parse(s);

    [Fact]
    public void Good_lines_become_entries_and_comments_and_tags_are_ignored()
    {
        var file = LmhostsFile.Parse(Sample, "lmhosts");
        Assert.Empty(file.Problems);
        Assert.Equal(6, file.Entries.Count);
        Assert.Equal([A("10.99.0.12"), A("10.99.0.16")], file.Find(NetBiosName.Create("HOSTB", 0x03)));
        Assert.Empty(file.Find(NetBiosName.Create("HOSTB", 0x20)));
        Assert.Equal([A("10.99.0.13")], file.Find(NetBiosName.Create("HOSTC", 0x20)));
        Assert.Equal([A("10.99.0.14")], file.Find(NetBiosName.Create("two words", 0x03)));
        Assert.Equal([A("10.99.0.15")], file.Find(NetBiosName.Create("TABBED", 0x1B)));
        Assert.Empty(file.Find(NetBiosName.Create("COMMENTED", 0x03)));
    }

    [Fact]
    public void A_name_without_suffix_matches_every_suffix_as_in_Samba()
    {
        var file = LmhostsFile.Parse(Sample, "lmhosts");
        Assert.Equal([A("10.99.0.11")], file.Find(NetBiosName.Create("HOSTA", 0x03)));
        Assert.Equal([A("10.99.0.11")], file.Find(NetBiosName.Create("hosta", 0x20)));
        Assert.Equal([A("10.99.0.11")], file.Find(NetBiosName.Create("HOSTA", 0x00)));
    }

    [Fact]
    public void Bad_lines_are_skipped_with_a_problem_line_each_and_the_good_ones_kept()
    {
        var text = """
            10.0.0.300 BADADDR
            fe80::1 IPV6
            10.0.0.1
            10.0.0.2 NAME#
            10.0.0.3 NAME#123
            10.0.0.4 NAME#zz
            10.0.0.5 WAYTOOLONGNAMEFORNETBIOS
            10.0.0.6 "UNTERMINATED
            10.0.0.7 GOOD#03
            """;
        var file = LmhostsFile.Parse(text, "f");
        Assert.Equal([A("10.0.0.7")], file.Find(NetBiosName.Create("GOOD", 3)));
        Assert.Single(file.Entries);
        Assert.Equal(6, file.Problems.Count);
        Assert.Equal("f line 1: '10.0.0.300' is not an IPv4 address, skipped", file.Problems[0]);
        Assert.Equal("f line 2: 'fe80::1' is not an IPv4 address, skipped", file.Problems[1]);
        Assert.Equal("f line 3: no name after the address, skipped", file.Problems[2]);
        Assert.Contains("bad #suffix", file.Problems[3], StringComparison.Ordinal);
        Assert.EndsWith("f: 3 more bad lines skipped", file.Problems[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_file_is_read_only_up_to_the_bound_and_says_so()
    {
        var path = Path.GetTempFileName();
        try
        {
            var text = new StringBuilder("10.0.0.1 FIRST\n");
            while (text.Length <= LmhostsFile.MaxBytes + 4096)
            {
                text.Append("# padding padding padding padding padding padding padding padding\n");
            }

            text.Append("10.0.0.2 BEYOND\n");
            File.WriteAllText(path, text.ToString());
            var file = LmhostsFile.Load(path)!;
            Assert.Equal([A("10.0.0.1")], file.Find(NetBiosName.Create("FIRST", 3)));
            Assert.Empty(file.Find(NetBiosName.Create("BEYOND", 3)));
            Assert.Contains(file.Problems, p => p.Contains("the rest was not read", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_loads_as_null()
    {
        Assert.Null(LmhostsFile.Load("/nonexistent/dir/lmhosts"));
    }

    [Fact]
    public void Literal_addresses_are_dotted_quads_only()
    {
        Assert.True(LiteralAddress.TryParse("10.99.0.12", out var address));
        Assert.Equal(A("10.99.0.12"), address);
        Assert.False(LiteralAddress.TryParse("10", out _));
        Assert.False(LiteralAddress.TryParse("10.1.2", out _));
        Assert.False(LiteralAddress.TryParse("0x0a.1.2.3", out _));
        Assert.False(LiteralAddress.TryParse("10.1.2.256", out _));
        Assert.False(LiteralAddress.TryParse("HOSTB", out _));
        Assert.False(LiteralAddress.TryParse("::1", out _));
        Assert.False(LiteralAddress.TryParse(null, out _));
    }
}
