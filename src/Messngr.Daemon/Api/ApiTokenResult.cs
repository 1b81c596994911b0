namespace Messngr.Daemon.Api;

/// <summary>How a token change ended (<see cref="ApiTokens"/>).</summary>
internal enum ApiTokenOutcome
{
    Ok,
    Invalid,
    Exists,
    Full,
    NotFound,
    Forbidden,
}

/// <summary>A token change's outcome, the problem in a sentence, the token and (only from <see cref="ApiTokens.Add"/>) its secret.</summary>
internal sealed record ApiTokenResult(ApiTokenOutcome Outcome, string? Problem, ApiTokenRecord? Token, string? Secret)
{
    public static ApiTokenResult Fail(ApiTokenOutcome outcome, string problem) => new(outcome, problem, null, null);
}
