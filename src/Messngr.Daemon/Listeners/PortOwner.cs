using System.Globalization;
using System.Net.Sockets;
using Messngr.Daemon.Display;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// Who holds a port another socket of ours could not bind (issue #12, item 1): the sockets on that
/// port in <c>/proc/net/{udp,udp6,tcp,tcp6}</c> (proc(5): local_address as hex IP:port, the socket's
/// inode in the tenth column), then the process with an fd linking to <c>socket:[INODE]</c>. Runs
/// only after a failed bind; a process whose fds we may not read (another uid, when not root) stays
/// unnamed. The name is the process's <c>comm</c>, which its owner chooses: sanitised.
/// </summary>
internal static class PortOwner
{
    /// <summary><c>nmbd (pid 42)</c>, or null when no other process can be seen holding <paramref name="port"/>.</summary>
    public static string? Find(ProtocolType protocol, int port, string procRoot = "/proc")
    {
        try
        {
            var inodes = SocketInodes(protocol, port, procRoot);
            return inodes.Count == 0 ? null : ProcessHolding(inodes, procRoot);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // no /proc, or it changed under us: the warning names the port alone
        }
    }

    private static HashSet<string> SocketInodes(ProtocolType protocol, int port, string procRoot)
    {
        var table = protocol == ProtocolType.Tcp ? "tcp" : "udp";
        var wanted = port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in new[] { table, table + "6" })
        {
            var path = Path.Combine(procRoot, "net", file);
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[1].EndsWith(":" + wanted, StringComparison.Ordinal) && columns[9] != "0")
                {
                    inodes.Add($"socket:[{columns[9]}]");
                }
            }
        }

        return inodes;
    }

    private static string? ProcessHolding(HashSet<string> inodes, string procRoot)
    {
        foreach (var directory in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue; // our own sockets are not "another process"
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(directory, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        var comm = File.ReadAllText(Path.Combine(directory, "comm")).TrimEnd('\n');
                        return string.Create(CultureInfo.InvariantCulture, $"{TerminalText.Sanitize(comm, keepNewlines: false)} (pid {pid})");
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // gone, or not ours to read
            }
        }

        return null;
    }
}
