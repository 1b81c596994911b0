using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Messngr.Cli.Output;

/// <summary>
/// With <c>--json</c>, a command that fails before it has a result still prints JSON:
/// <c>{"error": "...", "exitCode": N}</c> on standard output, the same words on standard error
/// (issue #12, item 13). Written with <see cref="Utf8JsonWriter"/>: no reflection (Native AOT).
/// </summary>
internal static class JsonError
{
    public static string Format(string message, int exitCode)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteNumber("exitCode", exitCode);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
