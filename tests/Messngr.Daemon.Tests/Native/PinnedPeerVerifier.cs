using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>Accepts exactly the certificates pinned by SHA-256 of their DER bytes; records what it was asked.</summary>
internal sealed class PinnedPeerVerifier(params X509Certificate2[] pinned) : ITlsPeerVerifier
{
    private readonly HashSet<string> _pins = [.. pinned.Select(Pin)];

    public ConcurrentQueue<(string Pin, TlsRole Role, string? TargetHost)> Calls { get; } = new();

    public static string Pin(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    public TlsPeerVerdict Verify(X509Certificate2 certificate, IPEndPoint remote, TlsRole role, string? targetHost)
    {
        var pin = Pin(certificate);
        Calls.Enqueue((pin, role, targetHost));
        return _pins.Contains(pin) ? TlsPeerVerdict.Accept() : TlsPeerVerdict.Refuse($"certificate {pin[..16]} is not pinned");
    }
}
