using Messngr.Bench.Harness;

namespace Messngr.Bench.Peers;

/// <summary>
/// Samba's nmbd and smbd (Debian's, in the foreground) with a bench smb.conf: NetBIOS on, SMB1
/// allowed (<c>server min protocol = NT1</c>, protocols.md §6.5), port 139 only, logging at 0, and
/// the cheapest sane <c>message command</c>: append the text file smbd wrote to one log and remove
/// it, in the background (§6.7). Every bench message ends with a newline, so stored = lines in that log.
/// </summary>
public sealed class SambaPeer : IPeer
{
    public const string Name = "MBSAMBA";
    public const string Workgroup = "MBWGS";

    private readonly BenchProcess _nmbd;
    private readonly BenchProcess _smbd;
    private readonly LineCounter _messages;

    private SambaPeer(BenchHost host, string directory, BenchProcess nmbd, BenchProcess smbd, string name = Name)
    {
        NetBiosName = name;
        Host = host;
        Directory = directory;
        _nmbd = nmbd;
        _smbd = smbd;
        _messages = new LineCounter(MessagesLog);
        Label = $"Samba {Version()} nmbd/smbd";
    }

    public PeerKind Kind => PeerKind.Samba;

    public string Label { get; }

    public BenchHost Host { get; }

    public string NetBiosName { get; }

    public string Directory { get; }

    public string MessagesLog => Path.Combine(Directory, "messages.log");

    /// <summary>
    /// Starts nmbd and smbd in a new host <paramref name="role"/> (scenarios 5 and 6 want fresh ones);
    /// a second Samba on the bridge needs its own <paramref name="name"/> (nmbd defends names).
    /// </summary>
    internal static SambaPeer Start(BenchLab lab, string role = "samba", string name = Name)
    {
        var host = lab.AddHost(role);
        var directory = Path.Combine(lab.Directory, role);
        foreach (var sub in new[] { "private", "lock", "state", "cache", "pid", "ncalrpc", "binddns", "log", "share", "tmp" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(directory, sub));
        }

        File.SetUnixFileMode(Path.Combine(directory, "tmp"), (UnixFileMode)0x3FF); // 1777
        File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
        var messages = Path.Combine(directory, "messages.log");
        File.WriteAllText(messages, string.Empty);
        File.SetUnixFileMode(messages, (UnixFileMode)0x1B6); // the guest user appends
        var config = Path.Combine(directory, "smb.conf");
        File.WriteAllText(config, Config(host, directory, messages, name));

        // No --no-process-group: smbd SIGTERMs its whole process group when it goes down.
        var environment = new Dictionary<string, string> { ["TMPDIR"] = Path.Combine(directory, "tmp") };
        var nmbd = lab.Start(host, ["nmbd", "--foreground", "-s", config], environment);
        var smbd = lab.Start(host, ["smbd", "--foreground", "-s", config], environment);
        var peer = new SambaPeer(host, directory, nmbd, smbd, name);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(Listening(host) && NbnsProbe.Answers(lab, host, name)))
        {
            if (DateTime.UtcNow > deadline || nmbd.HasExited || smbd.HasExited)
            {
                var why = peer.Describe();
                peer.Dispose();
                throw new InvalidOperationException($"Samba did not get ready within 20 s.\n{why}");
            }

            Thread.Sleep(100);
        }

        return peer;
    }

    public long StoredCount() => _messages.Count();

    public string Describe() => $"{_nmbd.Describe()}\n{_smbd.Describe()}";

    public void Dispose()
    {
        _smbd.Stop();
        _nmbd.Stop();
        _smbd.Dispose();
        _nmbd.Dispose();
    }

    private static bool Listening(BenchHost host) =>
        BenchLab.Exec(host, "ss", "-Hltn", "sport = :139").Output.Contains(":139", StringComparison.Ordinal);

    private static string Version()
    {
        try
        {
            return Tool.Run("smbd", ["--version"]).Output.Trim().Replace("Version ", string.Empty, StringComparison.Ordinal).Split('-')[0];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    private static string Config(BenchHost host, string directory, string messages, string name) => $"""
        [global]
          netbios name = {name}
          workgroup = {Workgroup}
          interfaces = {host.AddressWithPrefix}
          bind interfaces only = yes
          disable netbios = no
          smb ports = 139
          server min protocol = NT1
          server role = standalone server
          map to guest = bad user
          guest account = nobody
          message command = /bin/sh -c 'cat %s >> {messages}; rm %s' &
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
          private dir = {directory}/private
          lock directory = {directory}/lock
          state directory = {directory}/state
          cache directory = {directory}/cache
          pid directory = {directory}/pid
          ncalrpc dir = {directory}/ncalrpc
          binddns dir = {directory}/binddns
          log file = {directory}/log/%m.log
          log level = 0
          max log size = 0
        [public]
          path = {directory}/share
          guest ok = yes
          read only = yes
        """;
}
