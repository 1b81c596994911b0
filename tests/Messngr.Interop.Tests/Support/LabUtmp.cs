using System.Runtime.InteropServices;
using System.Text;

namespace Messngr.Interop.Tests.Support;

/// <summary>
/// A test-private utmp for a daemon in a lab namespace: the machine's utmp is never touched. The
/// daemon runs behind <see cref="RunPrefix"/>, which in the private mount namespace <c>ip netns
/// exec</c> gives it bind-mounts a test directory over /run, so /var/run/utmp (→ /run/utmp) is a
/// file written here. /run is covered whole rather than just /run/utmp because the file need not
/// exist on the host (containers), and a bind mount needs an existing target.
/// </summary>
internal static class LabUtmp
{
    // utmp(5) on 64-bit glibc, as UtmpParser reads it.
    private const int RecordSize = 384;
    private const short UserProcess = 7;

    /// <summary>Writes <paramref name="directory"/>/utmp with one USER_PROCESS record per (line, user).</summary>
    public static void Write(string directory, params (string Line, string User)[] sessions)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "utmp"), [.. sessions.SelectMany(s => Record(s.Line, s.User))]);
    }

    /// <summary>The prefix that mounts <paramref name="directory"/> over /run and execs the daemon (the directory travels as a positional parameter: nothing is interpolated into the script).</summary>
    public static string[] RunPrefix(string directory) => ["sh", "-c", "mount --bind \"$1\" /run && shift && exec \"$@\"", "sh", directory];

    private static byte[] Record(string line, string user)
    {
        var record = new byte[RecordSize];
        // Native byte order, like glibc writes it and UtmpParser reads it.
        MemoryMarshal.Write(record.AsSpan(0), UserProcess);
        MemoryMarshal.Write(record.AsSpan(4), Environment.ProcessId);
        Encoding.ASCII.GetBytes(line, record.AsSpan(8, 32));
        Encoding.ASCII.GetBytes(line.AsSpan(Math.Max(0, line.Length - 4)), record.AsSpan(40, 4));
        Encoding.ASCII.GetBytes(user, record.AsSpan(44, 32));
        Encoding.ASCII.GetBytes("lab", record.AsSpan(76, 256));
        return record;
    }
}
