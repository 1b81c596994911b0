using System.Reflection;

namespace Messngr.Daemon.Web;

/// <summary>
/// The page's three files (<c>Web/Assets</c>: index.html, app.css, app.js), embedded in the binary
/// as resources <c>messngr.web.NAME</c> and read once. Served at <c>/</c> (index.html),
/// <c>/app.css</c> and <c>/app.js</c> with their types; nothing else is a file.
/// </summary>
internal static class WebAssets
{
    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Files = new(StringComparer.Ordinal)
    {
        ["/"] = ("text/html; charset=utf-8", Read("index.html")),
        ["/app.css"] = ("text/css; charset=utf-8", Read("app.css")),
        ["/app.js"] = ("text/javascript; charset=utf-8", Read("app.js")),
    };

    public static bool TryGet(string path, out string contentType, out byte[] bytes)
    {
        if (Files.TryGetValue(path == "/index.html" ? "/" : path, out var file))
        {
            (contentType, bytes) = file;
            return true;
        }

        contentType = string.Empty;
        bytes = [];
        return false;
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("messngr.web." + name)
            ?? throw new InvalidOperationException($"the web page's {name} is not embedded in this build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
