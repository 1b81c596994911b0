using Messngr.Wire;

namespace Messngr.Daemon.Listeners;

/// <summary>Cached names of <see cref="PacketError"/> values, so that logging a drop costs no allocation.</summary>
internal static class PacketErrorText
{
    private static readonly string[] Names = Enum.GetNames<PacketError>();

    public static string Of(PacketError error) => (uint)error < (uint)Names.Length ? Names[(int)error] : "unknown";
}
