using Messngr.Daemon.Api;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Api;

/// <summary>Issue #15, item 1: API tokens are stored as hashes (0600), scoped, bounded, and revoked at once.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ApiTokensTests
{
    [Fact]
    public void The_file_holds_the_hash_never_the_secret_and_is_0600()
    {
        using var dir = new TempDirectory();
        var tokens = new ApiTokens(dir.Path);

        var made = tokens.Add(1000, "nut", ["OPS*"]);

        Assert.Equal(ApiTokenOutcome.Ok, made.Outcome);
        Assert.Matches("^msgr_[0-9a-f]{64}$", made.Secret!);
        var path = Path.Combine(dir.Path, ApiTokens.FileName);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain(made.Secret!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(made.Secret![ApiTokens.SecretPrefix.Length..], text, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(made.Secret!))), text, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_token_survives_a_restart_and_resolves_to_its_owner_and_scope()
    {
        using var dir = new TempDirectory();
        var secret = new ApiTokens(dir.Path).Add(1000, "nut", ["OPS*", "ADMIN"]).Secret;

        Assert.True(new ApiTokens(dir.Path).TryResolve(secret, out var caller));
        Assert.Equal((1000u, "nut"), (caller.Uid, caller.TokenName));
        Assert.True(caller.MayReach("ops-team"));
        Assert.True(caller.MayReach(" admin "));
        Assert.False(caller.MayReach("root"));
    }

    [Fact]
    public void Revoking_works_at_once_cancels_the_callers_token_and_survives_a_restart()
    {
        using var dir = new TempDirectory();
        var tokens = new ApiTokens(dir.Path);
        var secret = tokens.Add(1000, "nut", []).Secret;
        Assert.True(tokens.TryResolve(secret, out var caller));

        Assert.Equal(ApiTokenOutcome.Ok, tokens.Revoke(1000, "nut").Outcome);

        Assert.True(caller.Revoked.IsCancellationRequested);
        Assert.False(tokens.TryResolve(secret, out _));
        Assert.False(new ApiTokens(dir.Path).TryResolve(secret, out _));
    }

    [Fact]
    public void Another_user_cannot_see_or_revoke_a_token_root_can()
    {
        using var dir = new TempDirectory();
        var tokens = new ApiTokens(dir.Path);
        tokens.Add(1000, "nut", []);
        tokens.Add(2000, "mine", []);

        Assert.Equal(["mine"], tokens.List(2000).Select(t => t.Name));
        Assert.Equal(2, tokens.List(0).Count);
        Assert.Equal(ApiTokenOutcome.NotFound, tokens.Revoke(2000, "nut").Outcome);
        Assert.Equal(ApiTokenOutcome.Forbidden, tokens.Revoke(2000, "nut", 1000).Outcome);
        Assert.Equal(ApiTokenOutcome.Ok, tokens.Revoke(0, "nut", 1000).Outcome);
    }

    [Theory]
    [InlineData("", "invalid")]
    [InlineData("has space", "invalid")]
    [InlineData("nut", "exists")]
    public void Bad_or_taken_names_are_refused(string name, string expected)
    {
        using var dir = new TempDirectory();
        var tokens = new ApiTokens(dir.Path);
        tokens.Add(1000, "nut", []);

        var outcome = tokens.Add(1000, name, []).Outcome;

        Assert.Equal(expected, outcome == ApiTokenOutcome.Exists ? "exists" : outcome == ApiTokenOutcome.Invalid ? "invalid" : outcome.ToString());
    }

    [Fact]
    public void Tokens_are_bounded_per_user()
    {
        using var dir = new TempDirectory();
        var tokens = new ApiTokens(dir.Path, new Messngr.Daemon.Core.DaemonLimits { MaxApiTokensPerUser = 2 });
        tokens.Add(1000, "a", []);
        tokens.Add(1000, "b", []);

        Assert.Equal(ApiTokenOutcome.Full, tokens.Add(1000, "c", []).Outcome);
        Assert.Equal(ApiTokenOutcome.Ok, tokens.Add(2000, "c", []).Outcome);
    }

    [Theory]
    [InlineData("OPS*", "OPS1", true)]
    [InlineData("OPS*", "ops", true)]
    [InlineData("OPS*", "XOPS", false)]
    [InlineData("*@host", "bob@HOST", true)]
    [InlineData("*@host", "bob@host2", false)]
    [InlineData("B?B", "bob", true)]
    [InlineData("ADMIN", "ADMINS", false)]
    [InlineData("*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Patterns_are_case_insensitive_globs(string pattern, string recipient, bool matches) =>
        Assert.Equal(matches, RecipientPattern.Matches(pattern, recipient));
}
