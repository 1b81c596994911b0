using System.Globalization;
using System.Text.Json;
using Messngr.Daemon.Control;
using Messngr.Daemon.Control.Api;
using Microsoft.AspNetCore.Http;

namespace Messngr.Daemon.Api;

/// <summary>
/// The control socket's token endpoints (issue #15, item 1; <c>messngr token</c>), each for the
/// caller's uid from SO_PEERCRED, so a token always belongs to the user who made it:
/// <code>
/// POST   /v1/tokens {name, sendTo?}  → 201 TokenCreatedDto (with the secret, this once); 400, 409 exists or full
/// GET    /v1/tokens                  → [TokenDto] the caller's own (root: all); never a secret
/// DELETE /v1/tokens/{name}[?uid=N]   → 200 TokenDto; 404; ?uid= of another owner: root only (403)
/// </code>
/// 503 <c>api-off</c> when <c>api listen = off</c>.
/// </summary>
internal static class ApiTokenEndpoints
{
    public const string Path = "/v1/tokens";
    public const string Prefix = "/v1/tokens/";

    public static bool Matches(string path) => path == Path || (path.StartsWith(Prefix, StringComparison.Ordinal) && path.Length > Prefix.Length);

    public static async Task HandleAsync(HttpContext context, IDaemonControl control, string path, uint uid)
    {
        var method = context.Request.Method;
        var allow = path == Path ? "GET, POST" : "DELETE";
        if (!allow.Split(", ").Contains(method))
        {
            context.Response.Headers.Allow = allow;
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, ControlErrors.MethodNotAllowed, $"{method} is not allowed here (allowed: {allow})").ConfigureAwait(false);
            return;
        }

        if (control.ApiTokens is not { } tokens)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.ApiOff, "the HTTP API is off (api listen = off)").ConfigureAwait(false);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        switch (method)
        {
            case "GET":
                await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, (IReadOnlyList<TokenDto>)[.. tokens.List(uid).Select(r => ToDto(control, r))], ControlJsonContext.Default.IReadOnlyListTokenDto).ConfigureAwait(false);
                return;
            case "POST":
                await AddAsync(context, control, tokens, uid).ConfigureAwait(false);
                return;
            default:
                await RevokeAsync(context, control, tokens, path[Prefix.Length..], uid).ConfigureAwait(false);
                return;
        }
    }

    private static async Task AddAsync(HttpContext context, IDaemonControl control, ApiTokens tokens, uint uid)
    {
        TokenAddRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ControlJsonContext.Default.TokenAddRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, "the body must be JSON: {\"name\":\"NAME\",\"sendTo\":[\"PATTERN\"]}").ConfigureAwait(false);
            return;
        }

        var result = tokens.Add(uid, body?.Name ?? string.Empty, body?.SendTo?.Select(p => p.Trim()).ToList() ?? []);
        if (result.Token is not { } token || result.Secret is not { } secret)
        {
            await FailAsync(context, result).ConfigureAwait(false);
            return;
        }

        await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status201Created,
            new TokenCreatedDto(token.Name, token.Uid, control.UserName(token.Uid), token.SendTo, token.Created, secret), ControlJsonContext.Default.TokenCreatedDto).ConfigureAwait(false);
    }

    private static async Task RevokeAsync(HttpContext context, IDaemonControl control, ApiTokens tokens, string name, uint uid)
    {
        uint? owner = null;
        if (context.Request.Query.TryGetValue("uid", out var uids))
        {
            if (uids.Count != 1 || !uint.TryParse(uids[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, "uid must be a number").ConfigureAwait(false);
                return;
            }

            owner = parsed;
        }

        var result = tokens.Revoke(uid, name, owner);
        if (result.Token is not { } token)
        {
            await FailAsync(context, result).ConfigureAwait(false);
            return;
        }

        await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, ToDto(control, token), ControlJsonContext.Default.TokenDto).ConfigureAwait(false);
    }

    private static Task FailAsync(HttpContext context, ApiTokenResult result)
    {
        var (status, error) = result.Outcome switch
        {
            ApiTokenOutcome.Exists => (StatusCodes.Status409Conflict, ControlErrors.Exists),
            ApiTokenOutcome.Full => (StatusCodes.Status409Conflict, ControlErrors.Full),
            ApiTokenOutcome.NotFound => (StatusCodes.Status404NotFound, ControlErrors.NotFound),
            ApiTokenOutcome.Forbidden => (StatusCodes.Status403Forbidden, ControlErrors.Forbidden),
            _ => (StatusCodes.Status400BadRequest, ControlErrors.Invalid),
        };
        return ControlRequestHandler.WriteErrorAsync(context, status, error, result.Problem ?? "the token was not changed");
    }

    private static TokenDto ToDto(IDaemonControl control, ApiTokenRecord r) => new(r.Name, r.Uid, control.UserName(r.Uid), r.SendTo, r.Created);
}
