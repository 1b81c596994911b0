using Messngr.Daemon.Users;

namespace Messngr.Daemon.Tests.Users;

public class RecipientResolverTests
{
    private static readonly LoggedOnUser AliceTty = new("alice", 1000, "pts/1");
    private static readonly LoggedOnUser AliceConsole = new("alice", 1000, "tty1");
    private static readonly LoggedOnUser Bob = new("bob", 1001, "pts/2");
    private static readonly LoggedOnUser LongName = new("averyverylongusername", 1002, "pts/3");
    private static readonly LoggedOnUser[] Everyone = [AliceTty, AliceConsole, Bob, LongName];

    private static RecipientResolver Resolver(Func<LoggedOnUser, bool>? optedOut = null, Dictionary<string, uint>? aliases = null) =>
        new("HOSTA", "WORKGROUP", name => aliases is not null && aliases.TryGetValue(name, out var uid) ? uid : null, optedOut ?? (_ => false));

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    [InlineData("  Alice  ")]
    public void A_users_name_reaches_all_of_that_users_sessions_whatever_the_case(string to)
    {
        var result = Resolver().Resolve(to, Everyone);

        Assert.Equal(RecipientKind.User, result.Kind);
        Assert.Equal([AliceTty, AliceConsole], result.Sessions);
    }

    [Fact]
    public void Names_are_compared_on_their_first_15_characters_like_netbios_names()
    {
        var result = Resolver().Resolve("AVERYVERYLONGUS", Everyone);

        Assert.Equal(RecipientKind.User, result.Kind);
        Assert.Equal([LongName], result.Sessions);
        Assert.Equal([LongName], Resolver().Resolve("averyverylongusernameXYZ", Everyone).Sessions);
    }

    [Fact]
    public void An_alias_reaches_the_sessions_of_its_owner_and_is_asked_for_in_normal_form()
    {
        string? asked = null;
        var resolver = new RecipientResolver("HOSTA", "WORKGROUP", name => { asked = name; return name == "HELPDESK" ? 1001u : null; }, _ => false);

        var result = resolver.Resolve("helpdesk", Everyone);

        Assert.Equal("HELPDESK", asked);
        Assert.Equal(RecipientKind.Alias, result.Kind);
        Assert.Equal([Bob], result.Sessions);
    }

    [Fact]
    public void An_alias_whose_owner_is_not_logged_on_reaches_nobody()
    {
        var result = Resolver(aliases: new() { ["OPS"] = 4242 }).Resolve("ops", Everyone);

        Assert.Equal(RecipientKind.Alias, result.Kind);
        Assert.Empty(result.Sessions);
    }

    [Theory]
    [InlineData("hosta", nameof(RecipientKind.ComputerName))]
    [InlineData("WORKGROUP", nameof(RecipientKind.Broadcast))]
    public void The_computer_name_and_broadcasts_reach_every_user_who_has_not_opted_out(string to, string kindName)
    {
        var kind = Enum.Parse<RecipientKind>(kindName);
        var result = Resolver(optedOut: u => u.Name == "bob").Resolve(to, Everyone);

        Assert.Equal(kind, result.Kind);
        Assert.Equal([AliceTty, AliceConsole, LongName], result.Sessions);
    }

    [Fact]
    public void Opting_out_of_broadcasts_does_not_hide_messages_to_the_users_own_name()
    {
        var result = Resolver(optedOut: _ => true).Resolve("bob", Everyone);

        Assert.Equal([Bob], result.Sessions);
    }

    [Fact]
    public void The_opt_out_check_runs_once_per_user()
    {
        var calls = 0;
        Resolver(optedOut: _ => { calls++; return false; }).Resolve("HOSTA", Everyone);

        Assert.Equal(3, calls);
    }

    [Fact]
    public void A_terminal_listed_twice_is_written_once()
    {
        var result = Resolver().Resolve("HOSTA", [AliceTty, AliceTty, Bob]);

        Assert.Equal([AliceTty, Bob], result.Sessions);
    }

    [Fact]
    public void The_computer_name_is_never_taken_for_an_alias()
    {
        var result = Resolver(aliases: new() { ["HOSTA"] = 1001 }).Resolve("HOSTA", Everyone);

        Assert.Equal(RecipientKind.ComputerName, result.Kind);
        Assert.Equal(4, result.Sessions.Count);
    }

    [Theory]
    [InlineData("carol")] // logged off after the message was accepted
    [InlineData("OLDALIAS")] // deleted alias
    [InlineData("*")]
    [InlineData("")]
    [InlineData("   ")]
    public void A_name_that_is_no_logged_on_user_alias_computer_or_workgroup_reaches_no_terminal(string to)
    {
        var result = Resolver().Resolve(to, Everyone);

        Assert.Equal(RecipientKind.Unknown, result.Kind);
        Assert.Empty(result.Sessions);
    }
}
