namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// smb.conf text for the lab: a private Samba server (nmbd + smbd) that receives WinPopup messages,
/// and a client configuration that keeps smbclient/nmblookup on one host's interface. Every
/// directory Samba writes to lives under the lab's directory, never the machine's /var/lib/samba.
/// </summary>
internal static class SambaConfig
{
    /// <summary>
    /// The server: NetBIOS on (protocols.md §9.1), SMB1 allowed (<c>server min protocol = NT1</c>: Samba
    /// 4.17 drops D5 otherwise, §6.5, §9.3 #1), port 139 only, and a <c>message command</c> that appends
    /// the text and <c>f=%f L=%L</c> to <paramref name="messagesLog"/> (§6.7: %t is a timestamp in
    /// 4.17, %L is the called name; the command runs as the guest user and must end with &amp;).
    /// It stays out of browser elections so that it does not send more than it must.
    /// </summary>
    public static string Server(LabHost host, string workgroup, string directory, string messagesLog, IEnumerable<string> extraGlobal) => $"""
        [global]
          netbios name = {host.Name}
          workgroup = {workgroup}
          interfaces = {host.AddressWithPrefix}
          bind interfaces only = yes
          disable netbios = no
          smb ports = 139
          server min protocol = NT1
          server role = standalone server
          map to guest = bad user
          guest account = nobody
          message command = /bin/sh -c 'cat %s >> {messagesLog}; echo "f=%f L=%L" >> {messagesLog}; rm %s' &
          local master = no
          preferred master = no
          domain master = no
          os level = 0
          wins support = no
          dns proxy = no
          load printers = no
          printing = bsd
          printcap name = /dev/null
          disable spoolss = yes
          {Directories(directory)}
          log file = {directory}/log/%m.log
          log level = 2
          max log size = 0
        {string.Concat(extraGlobal.Select(line => $"  {line}\n"))}
        [public]
          path = {directory}/share
          guest ok = yes
          read only = yes
        """;

    /// <summary>
    /// A client config for smbclient/nmblookup on <paramref name="host"/>: only its interface (so a
    /// broadcast name query goes to its subnet's broadcast address), private state directories.
    /// </summary>
    public static string Client(LabHost host, string workgroup, string directory) => $"""
        [global]
          netbios name = {host.Name}
          workgroup = {workgroup}
          interfaces = {host.AddressWithPrefix}
          bind interfaces only = yes
          client min protocol = NT1
          {Directories(directory)}
          log file = {directory}/log/%m.log
        """;

    private static string Directories(string directory) => string.Join("\n  ",
        $"private dir = {directory}/private",
        $"lock directory = {directory}/lock",
        $"state directory = {directory}/state",
        $"cache directory = {directory}/cache",
        $"pid directory = {directory}/pid",
        $"ncalrpc dir = {directory}/ncalrpc",
        $"binddns dir = {directory}/binddns");

    /// <summary>Creates <paramref name="directory"/> and the subdirectories the configs name.</summary>
    public static void CreateDirectories(string directory)
    {
        foreach (var sub in new[] { "private", "lock", "state", "cache", "pid", "ncalrpc", "binddns", "log", "share", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(directory, sub));
        }

        NetnsCommand.Chmod(Path.Combine(directory, "tmp"), (UnixFileMode)0x3FF); // 1777, like /tmp

        // The message command runs as the guest user (protocols.md §9.3 #5): it appends to a file here.
        NetnsCommand.Chmod(directory, (UnixFileMode)0x1FF); // 0777
    }
}
