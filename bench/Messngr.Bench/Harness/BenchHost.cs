namespace Messngr.Bench.Harness;

/// <summary>
/// One machine of the bench: network namespace <paramref name="Namespace"/> whose <c>eth0</c> holds
/// <paramref name="Address"/>/24 on the bench bridge.
/// </summary>
/// <param name="Role">Short role name (client, messngr, samba, limit, …), also the namespace's last part.</param>
public sealed record BenchHost(string Role, string Namespace, string Address)
{
    public static string Interface => "eth0";

    public string AddressWithPrefix => $"{Address}/24";

    public override string ToString() => $"{Role} ({Namespace}, {Address})";
}
