using Messngr.Daemon.Names;
using Messngr.Daemon.Options;

namespace Messngr.Cli.Commands;

/// <summary>
/// The names <c>send</c> uses for this machine (issue #12, item 9): the calling (source) name and
/// the workgroup of <c>*</c> and <c>/domain</c>. Given by --netbios-name / --workgroup or
/// MESSNGR_NETBIOS_NAME / MESSNGR_WORKGROUP, they stand; otherwise the running daemon's (its status,
/// over the control socket), then the config file's, then serve's defaults (the host name,
/// WORKGROUP) — so that a send says what the daemon on this machine says.
/// </summary>
internal static class MachineIdentity
{
    public static async Task<ServeOptions> ApplyAsync(
        ServeOptions options, IReadOnlyDictionary<string, string> flags, IReadOnlyDictionary<string, string> environment, LocalDaemonStatus daemon, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(daemon);
        bool Given(string key) => flags.ContainsKey(key) || environment.ContainsKey(ClientOptionsLoader.EnvironmentName(key));
        var nameGiven = Given("netbios-name");
        var workgroupGiven = Given("workgroup");
        if (nameGiven && workgroupGiven)
        {
            return options;
        }

        var status = await daemon.GetAsync(cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            return options;
        }

        if (!nameGiven && Usable(status.NetBiosName) is { } name)
        {
            options = options with { NetBiosName = name };
        }

        if (!workgroupGiven && Usable(status.Workgroup) is { } workgroup)
        {
            options = options with { Workgroup = workgroup };
        }

        return options;
    }

    /// <summary>The daemon's name when it follows the name rule (an old or odd daemon's answer is not trusted blindly).</summary>
    private static string? Usable(string? name) =>
        name?.Trim() is { } trimmed && NetBiosNameRule.IsValid(trimmed) ? trimmed.ToUpperInvariant() : null;
}
