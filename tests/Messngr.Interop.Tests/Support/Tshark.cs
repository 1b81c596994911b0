using System.Diagnostics;

namespace Messngr.Interop.Tests.Support;

/// <summary>
/// Runs the machine's tshark on a pcap we wrote. ./test.sh installs tshark; a missing tshark is
/// a failure here, never a skip.
/// </summary>
internal static class Tshark
{
    /// <summary>Writes the pcap to a temp file and returns tshark's problems: malformed or warning-and-above expert items.</summary>
    public static IReadOnlyList<string> Problems(PcapWriter pcap, string? decodeAs = null)
    {
        var path = Save(pcap);
        try
        {
            // Frame number, protocol stack and expert message for every bad frame.
            var args = new List<string> { "-r", path, "-Y", "_ws.malformed || _ws.expert.severity >= 0x00600000", "-T", "fields", "-e", "frame.number", "-e", "frame.protocols", "-e", "_ws.expert.message" };
            if (decodeAs is not null)
            {
                args.AddRange(["-d", decodeAs]);
            }

            return Run(args).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Returns one tab-separated line per frame with the requested display-filter fields.</summary>
    public static IReadOnlyList<string[]> Fields(PcapWriter pcap, params string[] fields)
    {
        var path = Save(pcap);
        try
        {
            var args = new List<string> { "-r", path, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t" };
            foreach (var field in fields)
            {
                args.Add("-e");
                args.Add(field);
            }

            return Run(args).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The full verbose decode (-V), for assertion messages.</summary>
    public static string Decode(PcapWriter pcap)
    {
        var path = Save(pcap);
        try
        {
            return Run(["-r", path, "-V"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Save(PcapWriter pcap)
    {
        var path = Path.Combine(Path.GetTempPath(), $"messngr-tshark-{Guid.NewGuid():N}.pcap");
        pcap.Save(path);
        return path;
    }

    private static string Run(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // tshark refuses to read Lua plugins as root unless told; keep its output plain.
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tshark did not start (is it installed? ./test.sh installs it)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("tshark took longer than 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tshark exited {process.ExitCode}: {error.Result}");
        }

        return output.Result;
    }
}
