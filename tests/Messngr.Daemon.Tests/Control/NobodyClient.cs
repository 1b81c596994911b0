using System.Diagnostics;

namespace Messngr.Daemon.Tests.Control;

/// <summary>Runs a small Python client of the control socket as uid/gid 65534 (setpriv): the second local user.</summary>
internal static class NobodyClient
{
    /// <summary>Each argument is "METHOD PATH" or "METHOD PATH|JSON BODY"; prints "STATUS BODY" (on one line) per request.</summary>
    private const string Http = """
        import socket, sys
        for arg in sys.argv[2:]:
            line, _, body = arg.partition("|")
            data = body.encode()
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            head = line + " HTTP/1.0\r\nHost: messngr\r\nConnection: close\r\nContent-Length: %d\r\n" % len(data)
            if data:
                head += "Content-Type: application/json\r\n"
            s.sendall((head + "\r\n").encode() + data)
            answer = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
            s.close()
            text = answer.decode()
            print(text.split("\r\n\r\n", 1)[0].split(" ")[1], text.split("\r\n\r\n", 1)[1].replace("\n", " "))
        """;

    /// <summary>Sends each request ("METHOD PATH" or "METHOD PATH|JSON BODY") as uid 65534; one "STATUS BODY" line per request.</summary>
    public static Task<string[]> RunAsync(string socketPath, params string[] requests) => RunAsync(Http, socketPath, requests);

    /// <summary>Runs <paramref name="script"/> with the socket path and each request as arguments; one output line per request.</summary>
    private static async Task<string[]> RunAsync(string script, string socketPath, params string[] requests)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, socketPath, .. requests])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"client as nobody failed: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(requests.Length, lines.Length);
        return lines;
    }
}
