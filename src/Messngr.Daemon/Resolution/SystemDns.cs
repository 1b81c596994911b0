using System.Net;
using System.Net.Sockets;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// The <see cref="ResolutionMethod.Dns"/> method: the NetBIOS name as a host name through the
/// system resolver (DNS, /etc/hosts), IPv4 only, within a timeout. Samba's <c>host</c> method
/// only serves suffixes 0x00 and 0x20 (<c>resolve_hosts</c>); a Messenger name's &lt;03&gt; is the
/// computer name by convention ([MS-MSRP] 3.1.3), so every suffix is looked up here.
/// </summary>
internal static class SystemDns
{
    /// <summary>Addresses, or an empty list with <paramref name="problem"/> saying why.</summary>
    public static async Task<(IReadOnlyList<IPAddress> Addresses, string? Problem)> ResolveAsync(string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!IsHostName(host))
        {
            return ([], $"'{host}' is not a valid host name");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, deadline.Token)
                .WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            var v4 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).Distinct().ToList();
            return v4.Count > 0 ? (v4, null) : ([], "no IPv4 address");
        }
        catch (SocketException ex)
        {
            return ([], ex.Message);
        }
        catch (TimeoutException)
        {
            return ([], $"no answer in {timeout.TotalSeconds:0.##} s");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ([], $"no answer in {timeout.TotalSeconds:0.##} s");
        }
    }

    private static bool IsHostName(string host) => HostNameRule.IsHostName(host);
}
