using Messngr.Daemon.Web;

namespace Messngr.Daemon.Tests.Web;

public sealed class WebTokensTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-webtok-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_token_is_256_random_bits_in_hex_kept_0600_in_a_0700_directory_and_names_its_uid()
    {
        var tokens = new WebTokens(_dir);
        var token = tokens.GetOrCreate(1000);

        Assert.Matches("^[0-9a-f]{64}$", token);
        Assert.Equal(token, tokens.GetOrCreate(1000));
        Assert.NotEqual(token, tokens.GetOrCreate(1001));
        var file = Path.Combine(_dir, WebTokens.DirectoryName, "1000");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_dir, WebTokens.DirectoryName)));
        Assert.True(tokens.TryFindUid(token, out var uid));
        Assert.Equal(1000u, uid);
    }

    [Fact]
    public void A_restarted_daemon_knows_the_tokens_it_handed_out()
    {
        var token = new WebTokens(_dir).GetOrCreate(1000);

        Assert.True(new WebTokens(_dir).TryFindUid(token, out var uid));
        Assert.Equal(1000u, uid);
    }

    [Fact]
    public void A_rotated_token_replaces_the_old_one_at_once()
    {
        var tokens = new WebTokens(_dir);
        var old = tokens.GetOrCreate(1000);
        var fresh = tokens.Rotate(1000);

        Assert.NotEqual(old, fresh);
        Assert.False(tokens.TryFindUid(old, out _));
        Assert.True(tokens.TryFindUid(fresh, out _));
        Assert.False(new WebTokens(_dir).TryFindUid(old, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hexx")]
    public void Anything_but_a_handed_out_token_names_nobody(string? presented)
    {
        var tokens = new WebTokens(_dir);
        tokens.GetOrCreate(1000);

        Assert.False(tokens.TryFindUid(presented, out var uid));
        Assert.Equal(uint.MaxValue, uid);
    }
}
