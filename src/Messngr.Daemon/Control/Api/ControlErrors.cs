namespace Messngr.Daemon.Control.Api;

/// <summary>The <c>error</c> codes of <see cref="ErrorDto"/> with the HTTP status each goes with.</summary>
internal static class ControlErrors
{
    /// <summary>400: the request is malformed or a value is out of range.</summary>
    public const string Invalid = "invalid";

    /// <summary>403: the caller's uid may not do this.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>404: no such endpoint or name.</summary>
    public const string NotFound = "not-found";

    /// <summary>405: the endpoint exists but not with this method.</summary>
    public const string MethodNotAllowed = "method-not-allowed";

    /// <summary>409: the name is already in our table.</summary>
    public const string Exists = "exists";

    /// <summary>409: another node holds the name (RFC 1002 §5.1.1 negative registration response).</summary>
    public const string Conflict = "conflict";

    /// <summary>409: two messages from different sender nodes carry the message id asked for; ask by seq.</summary>
    public const string Ambiguous = "ambiguous";

    /// <summary>409: the trust list holds its maximum of nodes.</summary>
    public const string Full = "full";

    /// <summary>503: the daemon has no node identity (it is starting).</summary>
    public const string NoIdentity = "no-identity";

    /// <summary>503: the message store is failing (disk full, corrupt); the message says why.</summary>
    public const string StoreFailing = "store-failing";

    /// <summary>503: the native transport is off (<c>native port = 0</c>): nothing can be sent natively.</summary>
    public const string NativeOff = "native-off";

    /// <summary>429: the caller has <see cref="Core.DaemonLimits.MaxWaitingPerUser"/> messages waiting in the outbox.</summary>
    public const string TooMany = "too-many-waiting";

    /// <summary>500: the daemon failed; details are in its log.</summary>
    public const string Internal = "internal";

    /// <summary>503: the web page is off (<c>web listen = off</c>) or its listener could not bind (issue #14, item 2).</summary>
    public const string WebOff = "web-off";

    /// <summary>401: the web request carried no token, or one that belongs to nobody (issue #14, item 2).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>421: the web request's Host header is not the listener's own address (DNS rebinding defence).</summary>
    public const string WrongHost = "wrong-host";

    /// <summary>429: the caller has <see cref="Core.DaemonLimits.MaxAnySendsInFlightPerUser"/> sends (or web streams) under way already (issue #14).</summary>
    public const string Busy = "busy";

    /// <summary>503: this daemon cannot send the classic way (no send engine; issue #14, item 2).</summary>
    public const string SendOff = "send-off";

    /// <summary>415: the HTTP API's request body is not <c>application/json</c> (issue #15, item 1).</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>413: the HTTP API's request body is larger than its limit (issue #15, item 1).</summary>
    public const string TooLarge = "too-large";

    /// <summary>422: <c>POST /v1/messages</c> named no recipients and <c>alert names</c> is empty (issue #15, item 1).</summary>
    public const string NoRecipients = "no-recipients";

    /// <summary>503: the HTTP API is off (<c>api listen = off</c>), so it has no tokens (issue #15, item 1).</summary>
    public const string ApiOff = "api-off";

    /// <summary>422: an Alertmanager notification no route matches, with no alert names: nothing was sent (issue #15, item 2).</summary>
    public const string NoRoute = "no-route";

    /// <summary>502: no recipient of an Alertmanager notification could be reached; Alertmanager retries (issue #15, item 2).</summary>
    public const string Undelivered = "undelivered";
}
