using Messngr.Daemon.Integrations;
using Messngr.Daemon.Sending;

namespace Messngr.Cli.Integrations;

/// <summary>
/// Who a CUPS notification goes to: the NAME of the subscription's recipient URI
/// <c>messngr:NAME</c>, else the job's owner (job-originating-user-name), else the alert names.
/// Both come from print clients (any user may subscribe and name a job's owner), so only a
/// plain messenger NAME is taken: never NAME@HOST, an address, *, /domain or /users.
/// </summary>
internal static class CupsRecipient
{
    public const string Scheme = "messngr:";

    /// <summary>NAME of <c>messngr:NAME</c>; null for <c>messngr:</c>; a usage error for another URI or a NAME that is not a plain name.</summary>
    public static string? FromUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"cups-notifier: the recipient URI '{IntegrationAlert.Inert(uri)}' is not messngr: or messngr:NAME");
        }

        var name = Uri.UnescapeDataString(uri[Scheme.Length..]);
        return name.Length == 0 ? null
            : PlainName(name) ?? throw new UsageException($"cups-notifier: '{IntegrationAlert.Inert(name)}' in the recipient URI is not a messenger name");
    }

    /// <summary><paramref name="name"/> if it is a plain messenger NAME; null otherwise.</summary>
    public static string? PlainName(string? name) =>
        name is not null && RecipientParser.TryParse(name, out var recipient, out _) && recipient.Form == RecipientForm.Name ? name.Trim() : null;
}
