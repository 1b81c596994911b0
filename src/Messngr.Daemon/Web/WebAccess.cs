using System.Globalization;
using System.Net;

namespace Messngr.Daemon.Web;

/// <summary>
/// What the control socket and the web listener share about the web page (issue #14, item 2):
/// where it listens (<c>web listen</c>, loopback only) and the per-user tokens. The URL a user
/// gets carries the token in the fragment (<c>#token=…</c>), which a browser never sends to a
/// server, so it does not appear in request lines, logs or Referer headers; the page's script
/// reads it and sends it as <c>Authorization: Bearer</c>.
/// </summary>
internal sealed class WebAccess
{
    public WebAccess(IPEndPoint endpoint, WebTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new ArgumentException($"web listen: {endpoint} is not a loopback address (only 127.0.0.1, ::1 and the like are served for now)", nameof(endpoint));
        }

        Endpoint = endpoint;
        Tokens = tokens;
    }

    /// <summary>Where the web listener binds; its port may be 0 until <see cref="BoundPort"/> is set.</summary>
    public IPEndPoint Endpoint { get; }

    public WebTokens Tokens { get; }

    /// <summary>The port actually bound (differs from <see cref="Endpoint"/>'s when that is 0); 0 until the listener started.</summary>
    public int BoundPort { get; set; }

    /// <summary>Whether the listener is serving (false: off, not started yet, or its bind failed).</summary>
    public bool Serving => BoundPort != 0;

    /// <summary>The page's origin, e.g. <c>http://127.0.0.1:2427</c> (an IPv6 address in brackets).</summary>
    public string Origin => string.Create(CultureInfo.InvariantCulture, $"http://{HostPart}:{BoundPort}");

    /// <summary>The URL <c>messngr web</c> prints: the origin and the token in the fragment.</summary>
    public string UrlFor(string token) => $"{Origin}/#token={token}";

    /// <summary>
    /// Host header values the web listener answers (DNS rebinding defence: a hostile name that
    /// resolves to 127.0.0.1 arrives with its own name in Host and is refused).
    /// </summary>
    public bool IsAllowedHost(string? host)
    {
        if (string.IsNullOrEmpty(host) || BoundPort == 0)
        {
            return false;
        }

        var port = BoundPort.ToString(CultureInfo.InvariantCulture);
        return string.Equals(host, $"{HostPart}:{port}", StringComparison.OrdinalIgnoreCase) ||
               string.Equals(host, $"localhost:{port}", StringComparison.OrdinalIgnoreCase);
    }

    private string HostPart => Endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{Endpoint.Address}]"
        : Endpoint.Address.ToString();
}
