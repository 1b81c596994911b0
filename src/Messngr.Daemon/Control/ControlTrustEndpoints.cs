using System.Text.Json;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Native;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Control;

/// <summary>
/// The control API's node id and trust list endpoints (issue #13, items 2 and 4): <c>GET /v1/id</c>,
/// <c>GET /v1/trust</c> for anyone (both are public); <c>POST /v1/trust</c> and
/// <c>DELETE /v1/trust/{id or name}</c> for root and the daemon's own user only
/// (<see cref="ControlAuthorization.MayChangeTrust"/>).
/// </summary>
internal static class ControlTrustEndpoints
{
    public const string Prefix = "/v1/trust/";

    public static Task IdAsync(HttpContext context, IDaemonControl control)
    {
        if (control.Identity is not { } identity)
        {
            return ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.NoIdentity, "the daemon has no node identity yet");
        }

        var certificate = identity.Certificate;
        var dto = new NodeIdDto(identity.Id.ToString(), identity.Id.Short, identity.CertificateFingerprint,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        return ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, dto, ControlJsonContext.Default.NodeIdDto);
    }

    public static Task ListAsync(HttpContext context, IDaemonControl control)
    {
        IReadOnlyList<TrustEntryDto> entries = control.TrustList?.All().Select(ToDto).ToList() ?? [];
        return ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, entries, ControlJsonContext.Default.IReadOnlyListTrustEntryDto);
    }

    public static async Task AddAsync(HttpContext context, IDaemonControl control, uint uid, ILogger logger)
    {
        if (await RefusedAsync(context, control, uid, logger).ConfigureAwait(false) is not { } store)
        {
            return;
        }

        AddTrustRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ControlJsonContext.Default.AddTrustRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await Invalid(context, "the body must be JSON: {\"nodeId\":\"NODEID\",\"name\":\"NAME\"}").ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            await ControlRequestHandler.WriteErrorAsync(context, ex.StatusCode, ControlErrors.Invalid, "the request body is too large").ConfigureAwait(false);
            return;
        }

        NodeId id;
        try
        {
            id = NodeId.Parse(body?.NodeId ?? string.Empty);
        }
        catch (NodeIdFormatException ex)
        {
            await Invalid(context, ex.Message).ConfigureAwait(false);
            return;
        }

        var name = body?.Name?.Trim() is { Length: > 0 } given ? given : null;
        if (name is not null && Names.NetBiosNameRule.Validate(name, "name") is { } broken)
        {
            await Invalid(context, broken).ConfigureAwait(false);
            return;
        }

        var (outcome, existing) = store.Add(new TrustEntry(id, name, DateTimeOffset.UtcNow, uid, TrustSource.Manual));
        switch (outcome)
        {
            case TrustChangeOutcome.Added:
                NativeLog.TrustChanged(logger, uid, "added", id.ToString(), existing!.Name ?? "-");
                await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status201Created, ToDto(existing), ControlJsonContext.Default.TrustEntryDto).ConfigureAwait(false);
                break;
            case TrustChangeOutcome.AlreadyTrusted:
                await Conflict(context, ControlErrors.Exists, $"node {id} is already trusted{(existing!.Name is { } n ? " as " + n : string.Empty)}; 'messngr trust remove' it first to change its name").ConfigureAwait(false);
                break;
            case TrustChangeOutcome.NameTaken:
                await Conflict(context, ControlErrors.Exists, $"{existing!.Name} is already the name of trusted node {existing.Id}; 'messngr trust remove {existing.Name}' first if that node was replaced").ConfigureAwait(false);
                break;
            default:
                await Conflict(context, ControlErrors.Full, $"the trust list holds its maximum of {TrustStore.MaxEntries} nodes; remove some first").ConfigureAwait(false);
                break;
        }
    }

    public static async Task RemoveAsync(HttpContext context, IDaemonControl control, string idOrName, uint uid, ILogger logger)
    {
        if (await RefusedAsync(context, control, uid, logger).ConfigureAwait(false) is not { } store)
        {
            return;
        }

        idOrName = idOrName.Trim();
        if (!NodeId.TryParse(idOrName, out _) && Names.NetBiosNameRule.Validate(idOrName, string.Empty) is { } broken)
        {
            await Invalid(context, $"'{Display.TerminalText.SingleLine(idOrName)}' is neither a node id nor a name ({broken})").ConfigureAwait(false);
            return;
        }

        if (store.Remove(idOrName) is not { } removed)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status404NotFound, ControlErrors.NotFound, $"no trusted node {Display.TerminalText.SingleLine(idOrName)} (see 'messngr trust list')").ConfigureAwait(false);
            return;
        }

        NativeLog.TrustChanged(logger, uid, "removed", removed.Id.ToString(), removed.Name ?? "-");
        await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, ToDto(removed), ControlJsonContext.Default.TrustEntryDto).ConfigureAwait(false);
    }

    public static TrustEntryDto ToDto(TrustEntry entry) =>
        new(entry.Id.ToString(), entry.Id.Short, entry.Name, entry.AddedAt, entry.AddedByUid, TrustStore.SourceName(entry.Source));

    /// <summary>The trust list when <paramref name="uid"/> may change it; otherwise the 403 (or 503) is written and null returned.</summary>
    private static async Task<TrustStore?> RefusedAsync(HttpContext context, IDaemonControl control, uint uid, ILogger logger)
    {
        if (!ControlAuthorization.MayChangeTrust(uid, control.DaemonUid, out var reason))
        {
            ControlLog.Forbidden(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, uid, reason);
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status403Forbidden, ControlErrors.Forbidden, reason).ConfigureAwait(false);
            return null;
        }

        if (control.TrustList is not { } store)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.NoIdentity, "the daemon has no trust list yet").ConfigureAwait(false);
            return null;
        }

        return store;
    }

    private static Task Invalid(HttpContext context, string message) =>
        ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, message);

    private static Task Conflict(HttpContext context, string error, string message) =>
        ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status409Conflict, error, message);
}
