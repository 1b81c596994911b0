using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// <see cref="NativeEndpoint.MatchRecipient"/>: which RECIPIENTs of a MESSAGE are this node's
/// (docs/native-protocol.md §11, "Not here"; issue #13). Found by the lab test
/// NativeDeliveryTests: a restarted node refused, as permanently <c>not here</c>, the message its
/// peer retried the moment it announced itself, because its name was still being registered.
/// </summary>
public sealed class NativeRecipientTests
{
    [Theory]
    [InlineData(NameState.Registered, "BOB")]
    [InlineData(NameState.Registering, "BOB")]
    [InlineData(NameState.Conflict, null)]
    [InlineData(NameState.Releasing, null)]
    internal void A_messenger_name_is_ours_while_registered_or_being_registered(NameState state, string? expected)
    {
        IReadOnlyList<NameInfo> names = [Name("BOB", NetBiosName.SuffixMessenger, state)];

        Assert.Equal(expected, NativeEndpoint.MatchRecipient(names, "bob"));
    }

    [Fact]
    public void Group_names_and_other_suffixes_are_not_messenger_names()
    {
        IReadOnlyList<NameInfo> names =
        [
            Name("LAB", NetBiosName.SuffixMessenger, NameState.Registered, isGroup: true),
            Name("HOSTB", 0x00, NameState.Registered),
        ];

        Assert.Null(NativeEndpoint.MatchRecipient(names, "LAB"));
        Assert.Null(NativeEndpoint.MatchRecipient(names, "HOSTB"));
    }

    private static NameInfo Name(string name, byte suffix, NameState state, bool isGroup = false) =>
        new(name, suffix, isGroup, NameKind.Computer, state, null, null);
}
