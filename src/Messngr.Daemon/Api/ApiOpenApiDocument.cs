using Microsoft.AspNetCore.Http;

namespace Messngr.Daemon.Api;

/// <summary>
/// The HTTP API's OpenAPI 3.1 document (issue #15, item 1): <c>docs/openapi.json</c> of the
/// repository, embedded in the binary as <c>messngr.api.openapi.json</c> and served as it is at
/// <c>/openapi.json</c> and <c>/v1/openapi.json</c>. A test holds its paths to
/// <see cref="ApiRequestHandler.Routes"/>.
/// </summary>
internal static class ApiOpenApiDocument
{
    private static readonly Lazy<byte[]> Bytes = new(Read);

    public static byte[] Content => Bytes.Value;

    public static async Task WriteAsync(HttpContext context)
    {
        var bytes = Content;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        if (context.Request.Method == "GET")
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static byte[] Read()
    {
        using var stream = typeof(ApiOpenApiDocument).Assembly.GetManifestResourceStream("messngr.api.openapi.json")
            ?? throw new InvalidOperationException("the OpenAPI document is not embedded in this build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
