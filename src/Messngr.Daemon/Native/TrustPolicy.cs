using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Display;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// Decides whether a peer's certificate is trusted (issue #13, item 4), in this order:
/// <list type="number">
/// <item>the name it claims is pinned to another node id → <see cref="TrustVerdict.Changed"/>,
/// logged at warning with both ids (SSH's "REMOTE HOST IDENTIFICATION HAS CHANGED");</item>
/// <item>its validity, with <see cref="AllowedClockSkew"/> either way → <see cref="TrustVerdict.Expired"/>
/// or <see cref="TrustVerdict.NotYetValid"/>;</item>
/// <item>its node id is in the trust list → trusted (manual, tofu or ca, as the entry says);</item>
/// <item>a workgroup CA is configured and the certificate chains to it (X509Chain with a custom
/// root, never the system store) → trusted (ca), and the claimed name is pinned to the id;</item>
/// <item>trust on first use is on → pinned and trusted (tofu);</item>
/// <item>otherwise <see cref="TrustVerdict.Unknown"/>, logged at warning.</item>
/// </list>
/// Like Syncthing, the node id decides, not the certificate's subject; the CA only vouches for ids.
/// </summary>
internal sealed class TrustPolicy
{
    /// <summary>How far apart two nodes' clocks may be before a certificate's validity counts against it.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    private readonly TrustStore _store;
    private readonly X509Certificate2? _authority;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TrustPolicy(TrustStore store, X509Certificate2? workgroupCa, bool trustOnFirstUse, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (workgroupCa is not null && !NodeCertificates.IsAuthority(workgroupCa))
        {
            throw new ArgumentException($"{workgroupCa.Subject} is not a CA certificate (basic constraints CA:TRUE)", nameof(workgroupCa));
        }

        _store = store;
        _authority = workgroupCa;
        TrustOnFirstUse = trustOnFirstUse;
        _time = time;
        _logger = logger;
    }

    public bool TrustOnFirstUse { get; }

    public TrustStore Store => _store;

    /// <summary>The verdict on <paramref name="peer"/>, which claims to be <paramref name="claimedName"/> (null: no name).</summary>
    public TrustDecision Decide(X509Certificate2 peer, string? claimedName = null)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var id = NodeId.FromCertificate(peer);
        var name = claimedName?.Trim() is { Length: > 0 } trimmed && Names.NetBiosNameRule.Validate(trimmed, string.Empty) is null
            ? trimmed.ToUpperInvariant()
            : null;
        var pinned = name is null ? null : _store.FindByName(name);
        if (pinned is not null && pinned.Id != id)
        {
            NativeLog.IdentityChanged(_logger, pinned.Name!, pinned.Id.ToString(), id.ToString());
            return new TrustDecision(TrustVerdict.Changed, id, $"{pinned.Name} is pinned to node {pinned.Id}, but node {id} claims it", PinnedId: pinned.Id);
        }

        if (Validity(peer, id) is { } invalid)
        {
            NativeLog.CertificateNotValid(_logger, id.ToString(), invalid.Reason);
            return invalid;
        }

        var verified = pinned is not null;
        if (_store.Find(id) is { } entry)
        {
            return new TrustDecision(TrustVerdict.Trusted, id, $"node {id} is in the trust list ({TrustStore.SourceName(entry.Source)})", entry.Source, NameVerified: verified);
        }

        if (SignedByAuthority(peer, out var why))
        {
            // The claimed name is pinned to this id, so another CA-signed node cannot take it later.
            var recorded = name is not null && Pin(id, name, TrustSource.Ca);
            return new TrustDecision(TrustVerdict.Trusted, id, "signed by the workgroup CA", TrustSource.Ca, NameVerified: recorded);
        }

        if (TrustOnFirstUse)
        {
            if (Pin(id, name, TrustSource.Tofu))
            {
                NativeLog.TrustedOnFirstUse(_logger, id.ToString(), name ?? "-");
                return new TrustDecision(TrustVerdict.Trusted, id, "trusted on first use", TrustSource.Tofu, NameVerified: name is not null);
            }

            why = $"the trust list is full ({_store.Capacity} nodes)";
        }

        var reason = $"node {id} is not trusted ({why}); if it is yours: messngr trust add {id}";
        NativeLog.UnknownRefused(_logger, id.ToString(), reason);
        return new TrustDecision(TrustVerdict.Unknown, id, reason);
    }

    private TrustDecision? Validity(X509Certificate2 certificate, NodeId id)
    {
        var now = _time.GetUtcNow();
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (now + AllowedClockSkew < notBefore)
        {
            return new TrustDecision(TrustVerdict.NotYetValid, id, $"its certificate is not valid before {notBefore:u} (our clock says {now:u}; is one clock wrong?)");
        }

        return now - AllowedClockSkew > notAfter
            ? new TrustDecision(TrustVerdict.Expired, id, $"its certificate expired at {notAfter:u} (our clock says {now:u})")
            : null;
    }

    /// <summary>Whether <paramref name="peer"/> chains to the workgroup CA alone (RFC 5280 path validation by X509Chain).</summary>
    private bool SignedByAuthority(X509Certificate2 peer, out string why)
    {
        if (_authority is null)
        {
            why = "no trust list entry, no workgroup CA, trust on first use is off";
            return false;
        }

        var now = _time.GetUtcNow();
        if (now - AllowedClockSkew > _authority.NotAfter.ToUniversalTime() || now + AllowedClockSkew < _authority.NotBefore.ToUniversalTime())
        {
            why = "the workgroup CA certificate is outside its validity";
            return false;
        }

        if (NodeCertificates.IsAuthority(peer))
        {
            why = "it presented a CA certificate, not a node certificate";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        // The leaf's and the CA's validity are checked above with the allowed skew.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (chain.Build(peer) && chain.ChainElements.Count == 2 && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(_authority.RawDataMemory.Span))
        {
            why = string.Empty;
            return true;
        }

        var status = string.Join(", ", chain.ChainStatus.Select(s => TerminalText.Sanitize(s.StatusInformation.Trim())).Where(s => s.Length > 0));
        why = $"not in the trust list and not signed by the workgroup CA{(status.Length > 0 ? ": " + status : string.Empty)}";
        return false;
    }

    private bool Pin(NodeId id, string? name, TrustSource source)
    {
        try
        {
            var (outcome, _) = _store.Add(new TrustEntry(id, name, _time.GetUtcNow(), null, source));
            return outcome == TrustChangeOutcome.Added || (outcome == TrustChangeOutcome.AlreadyTrusted && name is not null && _store.Find(id)?.Name == name);
        }
        catch (IOException)
        {
            // A list that cannot be saved pins nothing; a CA-signed node is still trusted by its signature.
            return false;
        }
    }
}
