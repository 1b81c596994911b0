using System.Diagnostics;

namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// tshark capturing on a lab host's interface into a pcap (bounded by <c>-a duration</c>), then
/// reading it back: the same malformed/expert check as <c>Support/Tshark</c>, and field extraction.
/// Start it, make the traffic, <see cref="Stop"/>, then ask.
/// </summary>
public sealed class NetnsCapture : IDisposable
{
    /// <summary>tshark's verdict on a frame: malformed, or an expert item of severity warning or worse.</summary>
    public const string ProblemFilter = "_ws.malformed || _ws.expert.severity >= 0x00600000";

    private readonly NetnsProcess _tshark;

    private NetnsCapture(NetnsProcess tshark, string path)
    {
        _tshark = tshark;
        PcapPath = path;
    }

    public string PcapPath { get; }

    /// <summary>
    /// Starts <c>tshark -i IFACE -f FILTER -w FILE</c> in <paramref name="host"/> and waits until it
    /// reports that it captures. It stops by itself after <paramref name="maxDuration"/>.
    /// </summary>
    internal static NetnsCapture Start(LabHost host, string captureFilter, string path, TimeSpan maxDuration)
    {
        var seconds = ((int)Math.Ceiling(maxDuration.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tshark = NetnsProcess.Start(host, ["tshark", "-n", "-i", host.Interface, "-f", captureFilter, "-a", $"duration:{seconds}", "-F", "pcap", "-w", path]);
        var capture = new NetnsCapture(tshark, path);
        try
        {
            tshark.WaitForError("Capturing on", TimeSpan.FromSeconds(15));
            // dumpcap prints "Capturing on" a moment before its filter is attached: on a loaded
            // machine the first packets after it were missed (seen once in NbnsConformanceTests).
            Thread.Sleep(TimeSpan.FromMilliseconds(500));
        }
        catch
        {
            capture.Dispose();
            throw;
        }

        return capture;
    }

    /// <summary>Ends the capture (SIGINT, as Ctrl-C) and waits until the file is complete.</summary>
    public void Stop()
    {
        // A short pause lets the last replies reach the capture before it ends.
        Thread.Sleep(300);
        _tshark.Stop("INT", TimeSpan.FromSeconds(10));
        if (!File.Exists(PcapPath))
        {
            throw new InvalidOperationException($"tshark wrote no capture.\n{_tshark.Describe()}");
        }
    }

    /// <summary>Frames matching <paramref name="displayFilter"/> that tshark finds malformed or warns about (one line each: frame, protocols, expert message).</summary>
    public IReadOnlyList<string> Problems(string? displayFilter = null)
    {
        var filter = displayFilter is null ? ProblemFilter : $"({ProblemFilter}) && ({displayFilter})";
        return Read(["-Y", filter, "-T", "fields", "-e", "frame.number", "-e", "frame.protocols", "-e", "_ws.expert.message"]);
    }

    /// <summary>One array per frame matching <paramref name="displayFilter"/> with the requested fields (multiple values joined by ',').</summary>
    public IReadOnlyList<string[]> Fields(string displayFilter, params string[] fields)
    {
        var args = new List<string> { "-Y", displayFilter, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t" };
        foreach (var field in fields)
        {
            args.AddRange(["-e", field]);
        }

        return Read(args).Select(line => line.Split('\t')).ToList();
    }

    /// <summary><see cref="Fields"/> with TCP <paramref name="port"/> decoded as TLS (the native transport's 2426 is no port tshark knows).</summary>
    public IReadOnlyList<string[]> TlsFields(int port, string displayFilter, params string[] fields)
    {
        var args = new List<string> { "-d", $"tcp.port=={port.ToString(System.Globalization.CultureInfo.InvariantCulture)},tls", "-Y", displayFilter, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t" };
        foreach (var field in fields)
        {
            args.AddRange(["-e", field]);
        }

        return Read(args).Select(line => line.Split('\t')).ToList();
    }

    /// <summary>The one-line summary of every frame, for assertion messages.</summary>
    public string Summary() => string.Join('\n', Read([]));

    public void Dispose()
    {
        _tshark.Dispose();
        File.Delete(PcapPath);
    }

    private string[] Read(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-n", "-r", PcapPath }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tshark did not start (./test.sh installs it)");
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

        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
