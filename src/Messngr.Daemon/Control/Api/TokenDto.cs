namespace Messngr.Daemon.Control.Api;

/// <summary>
/// One HTTP API token as <c>GET /v1/tokens</c> lists it (issue #15, item 1; <c>messngr token list</c>):
/// its name, owner uid and login name, the recipients it may reach (<c>sendTo</c>, empty: anywhere its
/// owner may send) and when it was made. Never the secret.
/// </summary>
internal sealed record TokenDto(string Name, uint Uid, string User, IReadOnlyList<string> SendTo, DateTimeOffset Created);

/// <summary>The answer of <c>POST /v1/tokens</c>: the token and its secret, shown this once.</summary>
internal sealed record TokenCreatedDto(string Name, uint Uid, string User, IReadOnlyList<string> SendTo, DateTimeOffset Created, string Token);

/// <summary>The body of <c>POST /v1/tokens</c>: the token's name and its <c>--send-to</c> patterns.</summary>
internal sealed record TokenAddRequest(string? Name, IReadOnlyList<string>? SendTo = null);
