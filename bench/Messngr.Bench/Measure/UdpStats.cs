using System.Globalization;
using Messngr.Bench.Harness;

namespace Messngr.Bench.Measure;

/// <summary>
/// A namespace's kernel UDP counters (<c>/proc/net/snmp</c> as seen inside it): datagrams the kernel
/// delivered to sockets and those it dropped because a socket's receive buffer was full — the
/// drops no daemon counter can see, and the only drop count Samba offers.
/// </summary>
internal readonly record struct UdpStats(long InDatagrams, long RcvbufErrors)
{
    public static UdpStats Read(BenchHost host)
    {
        var lines = BenchLab.Exec(host, "cat", "/proc/net/snmp").Output.Split('\n')
            .Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToList();
        if (lines.Count < 2)
        {
            return default;
        }

        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Get(string name) => Array.IndexOf(names, name) is var i and > 0 ? long.Parse(values[i], CultureInfo.InvariantCulture) : 0;
        return new UdpStats(Get("InDatagrams"), Get("RcvbufErrors"));
    }

    public static UdpStats operator -(UdpStats after, UdpStats before) =>
        new(after.InDatagrams - before.InDatagrams, after.RcvbufErrors - before.RcvbufErrors);
}
