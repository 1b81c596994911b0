using System.Globalization;
using System.Net;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// Runs the configured methods in order (Samba's <c>name resolve order</c>; protocols.md §2.7)
/// until one finds the name: the local daemon's table, an NBNS broadcast query, the WINS server,
/// lmhosts, the system resolver. A method that cannot run (no daemon, no WINS server, no lmhosts
/// file) is skipped; a negative answer falls through to the next method. Every method adds one
/// step line saying what it did, for <c>--verbose</c> and <c>messngr lookup</c>.
/// </summary>
internal sealed class NameResolver : INameResolver
{
    private readonly ResolutionSettings _settings;

    public NameResolver(ResolutionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
    }

    public async Task<NameResolution> ResolveAsync(NetBiosName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var steps = new List<string>();
        foreach (var method in _settings.Order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (addresses, group) = method switch
            {
                ResolutionMethod.Cache => (await CacheAsync(name, steps, cancellationToken).ConfigureAwait(false), false),
                ResolutionMethod.Broadcast => await BroadcastAsync(name, steps, cancellationToken).ConfigureAwait(false),
                ResolutionMethod.Wins => await WinsAsync(name, steps, cancellationToken).ConfigureAwait(false),
                ResolutionMethod.Lmhosts => (Lmhosts(name, steps), false),
                ResolutionMethod.Dns => (await DnsAsync(name, steps, cancellationToken).ConfigureAwait(false), false),
                _ => throw new InvalidOperationException($"unknown resolution method {method}"),
            };
            if (addresses.Count > 0)
            {
                return new NameResolution(addresses, method, group, steps);
            }
        }

        return new NameResolution([], null, false, steps);
    }

    public async Task<NameResolution> ResolveHostAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (addresses, problem) = await SystemDns.ResolveAsync(host, _settings.DnsTimeout, cancellationToken).ConfigureAwait(false);
        return new NameResolution(addresses, addresses.Count > 0 ? ResolutionMethod.Dns : null, false,
            [addresses.Count > 0 ? $"dns {host}: {Join(addresses)}" : $"dns {host}: {problem}"]);
    }

    private async Task<IReadOnlyList<IPAddress>> CacheAsync(NetBiosName name, List<string> steps, CancellationToken cancellationToken)
    {
        if (_settings.Cache is null)
        {
            steps.Add("cache: skipped (no local daemon to ask)");
            return [];
        }

        IReadOnlyList<IPAddress>? addresses;
        try
        {
            addresses = await _settings.Cache(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The daemon went away or refused: the cache is only a shortcut, the other methods still work.
            steps.Add($"cache: the local daemon could not be asked ({ex.Message}), skipped");
            return [];
        }

        if (addresses is null || addresses.Count == 0)
        {
            steps.Add($"cache: {name} not known to the local daemon");
            return [];
        }

        steps.Add($"cache: {Join(addresses)}");
        return addresses;
    }

    private async Task<(IReadOnlyList<IPAddress>, bool)> BroadcastAsync(NetBiosName name, List<string> steps, CancellationToken cancellationToken)
    {
        var targets = _settings.CurrentBroadcastAddresses();
        if (targets.Count == 0)
        {
            steps.Add("broadcast: skipped (no IPv4 interface with a broadcast address)");
            return ([], false);
        }

        var where = $"broadcast on {Join(targets)}";
        var total = _settings.BroadcastRetryTimeout * _settings.BroadcastRetryCount;
        var result = await NbnsQueryClient.BroadcastAsync(name, targets, _settings, cancellationToken).ConfigureAwait(false);
        steps.Add(Describe(where, result, total));
        return (result.Addresses, result.IsGroup);
    }

    private async Task<(IReadOnlyList<IPAddress>, bool)> WinsAsync(NetBiosName name, List<string> steps, CancellationToken cancellationToken)
    {
        if (_settings.WinsServer is not { } server)
        {
            steps.Add("wins: skipped (no WINS server configured)");
            return ([], false);
        }

        var where = $"wins {Endpoint(server)}";
        var total = _settings.UnicastRetryTimeout * _settings.UnicastRetryCount;
        var result = await NbnsQueryClient.UnicastAsync(name, server, _settings, cancellationToken).ConfigureAwait(false);
        steps.Add(Describe(where, result, total));
        return (result.Addresses, result.IsGroup);
    }

    private IReadOnlyList<IPAddress> Lmhosts(NetBiosName name, List<string> steps)
    {
        LmhostsFile? file;
        try
        {
            file = LmhostsFile.Load(_settings.LmhostsPath, _settings.CodePage);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            steps.Add($"lmhosts {_settings.LmhostsPath}: cannot be read ({ex.Message}), skipped");
            return [];
        }

        if (file is null)
        {
            steps.Add($"lmhosts {_settings.LmhostsPath}: no such file, skipped");
            return [];
        }

        steps.AddRange(file.Problems.Select(p => "lmhosts " + p));
        var addresses = file.Find(name);
        steps.Add(addresses.Count > 0 ? $"lmhosts {file.Source}: {Join(addresses)}" : $"lmhosts {file.Source}: no entry for {name}");
        return addresses;
    }

    private async Task<IReadOnlyList<IPAddress>> DnsAsync(NetBiosName name, List<string> steps, CancellationToken cancellationToken)
    {
        var host = name.GetName(_settings.CodePage);
        var (addresses, problem) = await SystemDns.ResolveAsync(host, _settings.DnsTimeout, cancellationToken).ConfigureAwait(false);
        steps.Add(addresses.Count > 0 ? $"dns {host}: {Join(addresses)}" : $"dns {host}: {problem}");
        return addresses;
    }

    private static string Describe(string where, NbnsQueryResult result, TimeSpan total)
    {
        string outcome;
        if (result.Found)
        {
            outcome = Join(result.Addresses) + (result.IsGroup ? " (group name)" : string.Empty);
        }
        else if (result.NegativeRcode is { } rcode)
        {
            outcome = $"name not registered (negative response, {rcode})";
        }
        else if (result.SendErrors.Count > 0 && result.Ignored == 0)
        {
            outcome = "could not send: " + string.Join("; ", result.SendErrors);
        }
        else
        {
            outcome = result.Waited ? "no answer after the server asked us to wait" : $"no answer in {Seconds(total)} s";
        }

        if (result.Ignored > 0)
        {
            outcome += $" ({result.Ignored} unexpected or malformed datagram{(result.Ignored == 1 ? string.Empty : "s")} ignored)";
        }

        return $"{where}: {outcome}";
    }

    private static string Endpoint(IPEndPoint endPoint) =>
        endPoint.Port == 137 ? endPoint.Address.ToString() : endPoint.ToString();

    private static string Join(IEnumerable<IPAddress> addresses) => string.Join(", ", addresses);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
}
