using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Messngr.Interop.Tests.Support;

/// <summary>
/// tshark capturing one TCP port on the loopback interface into a pcap (bounded by
/// <c>-a duration</c>): start it, make the traffic, <see cref="Stop"/>, then ask with
/// <see cref="Fields"/> or read <see cref="Bytes"/>.
/// </summary>
internal sealed class LoopbackCapture : IDisposable
{
    private readonly Process _tshark;
    private readonly StringBuilder _error = new();

    private LoopbackCapture(Process tshark, string path, int port)
    {
        _tshark = tshark;
        PcapPath = path;
        Port = port;
    }

    public string PcapPath { get; }

    public int Port { get; }

    public static LoopbackCapture Start(int port, TimeSpan maxDuration)
    {
        var path = Path.Combine(Path.GetTempPath(), $"messngr-lo-{Guid.NewGuid():N}.pcap");
        var seconds = ((int)Math.Ceiling(maxDuration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("tshark") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-n", "-i", "lo", "-f", $"tcp port {port.ToString(CultureInfo.InvariantCulture)}", "-a", $"duration:{seconds}", "-F", "pcap", "-w", path })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LC_ALL"] = "C";
        var process = Process.Start(start) ?? throw new InvalidOperationException("tshark did not start (./test.sh installs it)");
        var capture = new LoopbackCapture(process, path, port);
        var capturing = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (capture._error)
            {
                capture._error.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Capturing on", StringComparison.Ordinal) == true)
            {
                capturing.Set();
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!capturing.Wait(TimeSpan.FromSeconds(30)))
        {
            capture.Dispose();
            throw new TimeoutException($"tshark did not start capturing: {capture.Error}");
        }

        // dumpcap says "Capturing on" a moment before its filter is attached (see NetnsCapture).
        Thread.Sleep(500);
        return capture;
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Ends the capture (SIGINT, as Ctrl-C) and waits until the file is complete.</summary>
    public void Stop()
    {
        Thread.Sleep(300); // the last packets reach the capture
        Tool.Run("kill", ["-INT", _tshark.Id.ToString(CultureInfo.InvariantCulture)]);
        if (!_tshark.WaitForExit(30_000) || !File.Exists(PcapPath))
        {
            throw new InvalidOperationException($"tshark wrote no capture: {Error}");
        }
    }

    /// <summary>The raw pcap file.</summary>
    public byte[] Bytes() => File.ReadAllBytes(PcapPath);

    /// <summary>One array per frame matching <paramref name="displayFilter"/>, the port decoded as TLS.</summary>
    public IReadOnlyList<string[]> Fields(string displayFilter, params string[] fields)
    {
        var args = new List<string> { "-n", "-r", PcapPath, "-d", $"tcp.port=={Port.ToString(CultureInfo.InvariantCulture)},tls", "-Y", displayFilter, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t" };
        foreach (var field in fields)
        {
            args.AddRange(["-e", field]);
        }

        var result = Tool.Run("tshark", args, timeoutMs: 60_000);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tshark exited {result.ExitCode}: {result.Error}");
        }

        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToList();
    }

    public void Dispose()
    {
        if (!_tshark.HasExited)
        {
            _tshark.Kill();
            _tshark.WaitForExit(10_000);
        }

        _tshark.Dispose();
        File.Delete(PcapPath);
    }
}
