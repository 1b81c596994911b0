using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Messngr.Daemon.Resolution;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr lookup</c>: resolves a NetBIOS name the way <c>send</c> does (cache, broadcast, WINS,
/// lmhosts, DNS; protocols.md §2.7) and prints it like <c>nmblookup</c>; <c>-A ADDR</c> asks a node
/// for its name table (node status, RFC 1002 4.2.17/4.2.18, protocols.md §2.4) like <c>nmblookup -A</c>.
/// Needs no daemon: queries leave from an ephemeral port.
/// </summary>
internal static class LookupCommand
{
    public static readonly CommandHelp Manual = new(
        "lookup",
        "find a NetBIOS name's addresses (NAME[#XX]) or a node's names (-A ADDR)",
        """
        usage: messngr lookup NAME[#SUFFIX] [OPTIONS]
               messngr lookup -A ADDRESS [--json]
        """,
        """
        Finds the addresses of the NetBIOS name NAME<SUFFIX> (suffix in hex, default 03, the
        Messenger service; e.g. HOSTB#00 for the computer, LAB#1E for a workgroup) by the methods
        of the resolve order, and prints one 'ADDRESS NAME<SUFFIX>' line per address and the method
        that found them. -A asks the node at ADDRESS for its name table (like 'nmblookup -A'):
        each name with its suffix, group or unique, node type and flags (ACTIVE, CONFLICT,
        DEREGISTERING, PERMANENT), and its MAC address.
        """,
        LookupOptionTable.All,
        [
            new(ExitCodes.Ok, "found"),
            new(ExitCodes.Usage, "usage error"),
            new(ExitCodes.NameNotFound, "name not found"),
            new(ExitCodes.Unavailable, "no answer from the node (-A) or no network to ask"),
            new(ExitCodes.Config, "configuration error"),
        ])
    {
        OptionsHeading = "options (defaults as for 'messngr serve': MESSNGR_WINS_SERVER, the config file, ...):",
    };

    public static string Help => Manual.Text;

    private static readonly JsonSerializerOptions JsonOptions = new(LookupJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var line = CommandLine.Parse("lookup", args, LookupOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var (target, statusAddress) = ParseTarget(line.Positional);
        var json = line.Values.GetValueOrDefault("json") == "yes";
        var verbose = line.Values.GetValueOrDefault("verbose") == "yes";
        ResolutionSettings settings;
        try
        {
            settings = ResolutionOptions.Build(line.Values, context);
        }
        catch (ArgumentException ex)
        {
            // Bad flags are usage errors; a bad config file or MESSNGR_* value is a configuration error.
            if (ex.Message.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"lookup: {ex.Message}", ex);
            }

            return await FailAsync(context, json, ex.Message, ExitCodes.Config).ConfigureAwait(false);
        }
        catch (ConfigurationException ex)
        {
            return await FailAsync(context, json, ex.Message, ExitCodes.Config).ConfigureAwait(false);
        }

        try
        {
            return statusAddress is not null
                ? await NodeStatusAsync(statusAddress, settings, json, context, cancellationToken).ConfigureAwait(false)
                : await ResolveAsync(ParseName(target!, settings.CodePage, settings.Scope), target!, settings, json, verbose, context, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return await FailAsync(context, json, $"cannot use the network: {ex.Message} (check --interface)", ExitCodes.Unavailable).ConfigureAwait(false);
        }
    }

    /// <summary>One line on standard error; with --json also the error object on standard output.</summary>
    private static async Task<int> FailAsync(CommandContext context, bool json, string message, int exitCode)
    {
        var line = $"messngr lookup: {ClientText.Line(message)}";
        if (json)
        {
            await context.Out.WriteLineAsync(Output.JsonError.Format(line, exitCode)).ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync(line).ConfigureAwait(false);
        return exitCode;
    }

    private static async Task<int> ResolveAsync(
        NetBiosName? name, string target, ResolutionSettings settings, bool json, bool verbose, CommandContext context, CancellationToken cancellationToken)
    {
        NameResolution resolution;
        string? method;
        if (LiteralAddress.TryParse(target, out var literal))
        {
            resolution = new NameResolution([literal], null, false, ["literal: an IPv4 address needs no lookup"]);
            method = "literal";
        }
        else if (name is null)
        {
            throw new InvalidOperationException($"'{target}' is neither a name nor an address");
        }
        else
        {
            resolution = await new NameResolver(settings).ResolveAsync(name, cancellationToken).ConfigureAwait(false);
            method = resolution.Method?.ToString().ToLowerInvariant();
        }

        var shown = name?.ToString() ?? target;
        if (verbose)
        {
            foreach (var step in resolution.Steps)
            {
                await context.Error.WriteLineAsync($"messngr lookup: {ClientText.Line(step)}").ConfigureAwait(false);
            }
        }

        if (json)
        {
            var dto = new LookupResultDto(
                name?.GetName(settings.CodePage) ?? target,
                name?.Suffix ?? NetBiosName.SuffixMessenger,
                resolution.Addresses.Select(a => a.ToString()).ToList(),
                method,
                resolution.IsGroup,
                resolution.Steps);
            await context.Out.WriteLineAsync(Serialize(dto, LookupJsonContext.Default.LookupResultDto)).ConfigureAwait(false);
        }
        else if (resolution.Found)
        {
            var text = new StringBuilder();
            foreach (var address in resolution.Addresses)
            {
                text.Append(address).Append(' ').Append(ClientText.Line(shown)).Append('\n');
            }

            text.Append("(found by ").Append(method).Append(resolution.IsGroup ? ", group name" : string.Empty).Append(")\n");
            await context.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
        }

        if (!resolution.Found)
        {
            var why = resolution.Steps.Count > 0 ? $" ({string.Join("; ", resolution.Steps)})" : string.Empty;
            await context.Error.WriteLineAsync($"messngr lookup: {ClientText.Line(shown)} not found{ClientText.Line(why)}").ConfigureAwait(false);
            return ExitCodes.NameNotFound;
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> NodeStatusAsync(IPAddress address, ResolutionSettings settings, bool json, CommandContext context, CancellationToken cancellationToken)
    {
        var status = await NodeStatusClient.QueryAsync(address, settings, cancellationToken).ConfigureAwait(false);
        if (!status.Answered)
        {
            var seconds = (settings.UnicastRetryTimeout * settings.UnicastRetryCount).TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
            var detail = status.SendErrors.Count > 0 ? "could not send: " + string.Join("; ", status.SendErrors) : $"no node status reply in {seconds} s";
            return await FailAsync(context, json, $"{address}: {detail}", ExitCodes.Unavailable).ConfigureAwait(false);
        }

        var mac = string.Join('-', status.Mac.GetAddressBytes().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        if (json)
        {
            var names = status.Names.Select(n => new NodeStatusNameDto(
                NameText(n.Name, settings.CodePage), n.Name.Suffix, n.Flags.IsGroup, NodeTypeLetter(n.Flags.NodeType), FlagNames(n.Flags))).ToList();
            await context.Out.WriteLineAsync(Serialize(new NodeStatusDto(address.ToString(), names, mac), LookupJsonContext.Default.NodeStatusDto)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        // Laid out like nmblookup -A (source3/utils/nmblookup.c do_node_status).
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Looking up status of {address}\n");
        foreach (var entry in status.Names)
        {
            var flags = string.Concat(FlagNames(entry.Flags).Select(f => $"<{f}> "));
            text.Append(CultureInfo.InvariantCulture, $"\t{ClientText.Line(NameText(entry.Name, settings.CodePage)),-15} <{entry.Name.Suffix:x2}> - {(entry.Flags.IsGroup ? "<GROUP>" : "       ")} {NodeTypeLetter(entry.Flags.NodeType)} {flags}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n\tMAC Address = {mac}\n");
        await context.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary><c>NAME</c>, <c>NAME#SUFFIX</c>, an IPv4 literal, or <c>-A ADDRESS</c>.</summary>
    private static (string? Target, IPAddress? StatusAddress) ParseTarget(List<string> positional)
    {
        if (positional.Count > 0 && positional[0] == "-A")
        {
            if (positional.Count != 2)
            {
                throw new UsageException(positional.Count < 2 ? "lookup: -A needs an IPv4 ADDRESS" : $"lookup: unexpected argument '{positional[2]}'");
            }

            return LiteralAddress.TryParse(positional[1], out var address)
                ? (null, address)
                : throw new UsageException($"lookup: -A wants an IPv4 address, not '{positional[1]}'");
        }

        if (positional.Count == 0)
        {
            throw new UsageException("lookup: give a NAME (messngr lookup NAME[#SUFFIX]) or -A ADDRESS");
        }

        if (positional.Count > 1)
        {
            throw new UsageException($"lookup: one name at a time, not '{string.Join(' ', positional)}'");
        }

        if (positional[0].StartsWith('-'))
        {
            throw new UsageException($"lookup: unknown option '{positional[0]}' (see 'messngr lookup --help')");
        }

        return (positional[0], null);
    }

    /// <summary><c>NAME[#XX]</c> → the NetBIOS name (suffix hex, default 0x03); null for an IPv4 literal.</summary>
    internal static NetBiosName? ParseName(string target, Encoding? oem, string scope = "")
    {
        if (LiteralAddress.TryParse(target, out _))
        {
            return null;
        }

        var name = target;
        var suffix = NetBiosName.SuffixMessenger;
        var hash = target.LastIndexOf('#');
        if (hash >= 0)
        {
            var hex = target[(hash + 1)..];
            if (hex.Length is 0 or > 2 || !byte.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out suffix))
            {
                throw new UsageException($"lookup: '{target}': the suffix after # is 1-2 hex digits (e.g. {target[..hash]}#03)");
            }

            name = target[..hash];
        }

        if (name.Length == 0 || name == "*")
        {
            throw new UsageException($"lookup: '{target}' has no name to look up (the wildcard * is only for -A)");
        }

        if (Daemon.Names.NetBiosNameRule.Validate(name, "name") is { } broken)
        {
            throw new UsageException($"lookup: {ClientText.Line(broken)}");
        }

        try
        {
            return NetBiosName.Create(name, suffix, oem, scope);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"lookup: {ex.Message}", ex);
        }
    }

    /// <summary>The name without its suffix, escaped like <see cref="NetBiosName.ToString"/> (non-printable bytes as &lt;xx&gt;).</summary>
    private static string NameText(NetBiosName name, Encoding? oem)
    {
        var plain = name.NameBytes.TrimEnd((byte)' ');
        return plain.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0 ? (oem ?? OemCodePage.Default).GetString(plain) : name.ToString()[..^4];
    }

    private static string NodeTypeLetter(NbnsNodeType type) => type switch
    {
        NbnsNodeType.BNode => "B",
        NbnsNodeType.PNode => "P",
        NbnsNodeType.MNode => "M",
        _ => "H",
    };

    /// <summary>NAME_FLAGS (RFC 1002 4.2.18) spelled as nmblookup prints them.</summary>
    private static List<string> FlagNames(NodeNameFlags flags)
    {
        var names = new List<string>();
        if (flags.IsDeregistering)
        {
            names.Add("DEREGISTERING");
        }

        if (flags.IsInConflict)
        {
            names.Add("CONFLICT");
        }

        if (flags.IsActive)
        {
            names.Add("ACTIVE");
        }

        if (flags.IsPermanent)
        {
            names.Add("PERMANENT");
        }

        return names;
    }

    private static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Serialize(value, (JsonTypeInfo<T>)JsonOptions.GetTypeInfo(typeInfo.Type));
}
