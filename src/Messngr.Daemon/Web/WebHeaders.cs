using Microsoft.AspNetCore.Http;

namespace Messngr.Daemon.Web;

/// <summary>
/// The headers every web answer carries (issue #14, item 2): a Content-Security-Policy that allows
/// only this origin's own files (no inline script or style, no other origin, no framing, no
/// plugins: W3C CSP Level 3), no MIME sniffing (Fetch §X-Content-Type-Options), no Referer ever
/// (W3C Referrer Policy), and no framing by anyone (RFC 7034, for browsers without CSP 2).
/// </summary>
internal static class WebHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
}
