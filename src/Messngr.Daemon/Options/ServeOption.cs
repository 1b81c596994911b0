namespace Messngr.Daemon.Options;

/// <summary>
/// One setting of <c>messngr serve</c>, in its three spellings: <c>--key</c> on the command line,
/// <c>MESSNGR_KEY</c> in the environment, <c>key</c> with spaces in the config file.
/// </summary>
/// <param name="Key">Flag spelling without dashes, e.g. <c>netbios-name</c>.</param>
/// <param name="Value">Placeholder of the value (<c>NAME</c>, <c>N</c> …), or null for a yes/no switch (<c>--key</c>, <c>--no-key</c>).</param>
/// <param name="Help">One line for --help.</param>
/// <param name="Default">The default as the help and README state it.</param>
/// <param name="Sample">A valid non-default value (tests load it to prove the key is read).</param>
internal sealed record ServeOption(string Key, string? Value, string Help, string Default, string Sample)
{
    public bool IsSwitch => Value is null;

    /// <summary><c>MESSNGR_NETBIOS_NAME</c> for <c>netbios-name</c>.</summary>
    public string EnvironmentName => "MESSNGR_" + Key.Replace('-', '_').ToUpperInvariant();

    /// <summary><c>netbios name</c> for <c>netbios-name</c>.</summary>
    public string FileKey => Key.Replace('-', ' ');
}
