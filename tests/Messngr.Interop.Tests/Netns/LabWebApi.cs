namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// The web page's API as a browser inside a lab host reaches it: one HTTP request to
/// <c>http://127.0.0.1:2427</c> in that host's namespace with the token as Bearer, made by Debian's
/// Python (urllib) run in the namespace. Serves started for it pass <c>--web-listen 127.0.0.1:2427</c>.
/// </summary>
internal static class LabWebApi
{
    public const string Listen = "127.0.0.1:2427";

    /// <summary>Prints the status, a newline and the body.</summary>
    private const string Script = """
        import sys, urllib.request, urllib.error
        method, path, token = sys.argv[1], sys.argv[2], sys.argv[3]
        data = sys.argv[4].encode() if len(sys.argv) > 4 else None
        request = urllib.request.Request("http://127.0.0.1:2427" + path, data=data, method=method,
            headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=90) as answer:
                print(answer.status); print(answer.read().decode())
        except urllib.error.HTTPError as e:
            print(e.code); print(e.read().decode())
        """;

    public static (int Status, string Body) Request(Lab lab, LabHost host, string method, string path, string token, string? body = null)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var run = lab.ExecWithInput(host, null, ["/usr/bin/python3", "-c", Script, method, path, token, .. body is null ? Array.Empty<string>() : [body]], 120_000);
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Output.Split('\n', 2);
        return (int.Parse(lines[0].Trim(), System.Globalization.CultureInfo.InvariantCulture), lines.Length > 1 ? lines[1] : string.Empty);
    }
}
