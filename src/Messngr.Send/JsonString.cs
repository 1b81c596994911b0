using System.Globalization;
using System.Text;

namespace Messngr.Send;

/// <summary>
/// A JSON string literal (RFC 8259 §7): the quotation mark, the reverse solidus and the control
/// characters U+0000–U+001F escaped, everything else as it is (the body is UTF-8). Written here, not
/// with <c>Utf8JsonWriter</c>, whose default encoder builds its tables of allowed characters at
/// first use — a visible part of a one-shot send's start-up in <c>perf</c> (issue #15, item 8).
/// A lone surrogate (invalid UTF-16 from a command line) becomes U+FFFD, as the UTF-8 encoder makes it.
/// </summary>
internal static class JsonString
{
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var json = new StringBuilder(text.Length + 2);
        json.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case < ' ':
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }

        return json.Append('"').ToString();
    }
}
