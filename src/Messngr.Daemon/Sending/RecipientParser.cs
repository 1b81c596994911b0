using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Messngr.Daemon.Sending;

/// <summary>
/// Parses a recipient as <c>net send</c> and <c>msg</c> write it: <c>NAME</c>, <c>*</c>,
/// <c>/domain</c>, <c>/domain:NAME</c>, <c>/users</c>, an IPv4 address, <c>NAME@HOST</c>
/// (case-insensitive keywords), and for the native transport <c>NAME@HOST:PORT</c> (issue #13,
/// many; PORT 1–65535). Names follow <see cref="Names.NetBiosNameRule"/>; the HOST of
/// <c>NAME@HOST</c> is an IPv4 address or a host name (<see cref="Resolution.HostNameRule"/>), kept as typed.
/// </summary>
public static class RecipientParser
{
    public const int MaxNameLength = Names.NetBiosNameRule.MaxLength;

    /// <summary>The recipient, or false with <paramref name="error"/> naming the problem.</summary>
    public static bool TryParse(string text, out Recipient recipient, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        recipient = null!;
        error = string.Empty;
        var value = text.Trim();
        if (value.Length == 0)
        {
            error = "empty recipient";
            return false;
        }

        if (value == "*")
        {
            recipient = new Recipient(text, RecipientForm.Workgroup);
            return true;
        }

        if (value.Equals("/users", StringComparison.OrdinalIgnoreCase))
        {
            recipient = new Recipient(text, RecipientForm.LocalUsers);
            return true;
        }

        if (value.Equals("/domain", StringComparison.OrdinalIgnoreCase))
        {
            recipient = new Recipient(text, RecipientForm.Workgroup);
            return true;
        }

        if (value.StartsWith("/domain:", StringComparison.OrdinalIgnoreCase))
        {
            var workgroup = value["/domain:".Length..];
            if (!ValidName(workgroup, "workgroup", out error))
            {
                return false;
            }

            recipient = new Recipient(text, RecipientForm.Workgroup, workgroup);
            return true;
        }

        if (value.StartsWith('/'))
        {
            error = $"unknown recipient '{value}' (use NAME, NAME@HOST, an address, *, /domain[:NAME] or /users)";
            return false;
        }

        if (IsIPv4(value, out var address))
        {
            recipient = new Recipient(text, RecipientForm.Address, Address: address);
            return true;
        }

        var at = value.LastIndexOf('@');
        if (at >= 0)
        {
            var name = value[..at];
            var host = value[(at + 1)..];
            int? port = null;
            var colon = host.LastIndexOf(':');
            if (colon >= 0)
            {
                // NAME@HOST:PORT names a messngr node's native listener (docs/native-protocol.md; 2426 when left out).
                if (!int.TryParse(host.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
                {
                    error = $"'{Display(value)}': the port after : must be a number from 1 to 65535";
                    return false;
                }

                port = number;
                host = host[..colon];
            }

            if (host.Length == 0)
            {
                error = $"'{Display(value)}': the host after @ is missing";
                return false;
            }

            if (!IsIPv4(host, out _) && !Resolution.HostNameRule.IsHostName(host) && !Resolution.HostNameRule.IsNetBiosHost(host))
            {
                error = $"'{Display(value)}': the host after @ is not {Resolution.HostNameRule.Rule}";
                return false;
            }

            if (!ValidName(name, "name", out error))
            {
                return false;
            }

            recipient = new Recipient(text, RecipientForm.NameAtHost, name, host, IsIPv4(host, out var hostAddress) ? hostAddress : null, port);
            return true;
        }

        if (!ValidName(value, "name", out error))
        {
            return false;
        }

        recipient = new Recipient(text, RecipientForm.Name, value);
        return true;
    }

    private static string Display(string text) => string.Concat(text.Select(ch => char.IsControl(ch) ? $"\\x{(int)ch:x2}" : ch.ToString()));

    private static bool IsIPv4(string value, out IPAddress? address)
    {
        address = null;
        if (value.Count(ch => ch == '.') == 3 && IPAddress.TryParse(value, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetwork)
        {
            address = parsed;
            return true;
        }

        return false;
    }

    /// <summary>The one NetBIOS name rule (<see cref="Names.NetBiosNameRule"/>), with its one error text.</summary>
    private static bool ValidName(string name, string what, out string error)
    {
        error = Names.NetBiosNameRule.Validate(name, what) ?? string.Empty;
        return error.Length == 0;
    }
}
