namespace Messngr.Daemon.Options;

/// <summary>
/// One problem <c>messngr config check</c> found: where (line; null for the file as a whole),
/// the key and value as written (null for a line that is not <c>key = value</c>) and why.
/// </summary>
internal sealed record ConfigProblem(int? Line, string? Key, string? Value, string Reason)
{
    /// <summary><c>FILE:LINE: key 'KEY': value 'VALUE': reason</c>, the parts that apply.</summary>
    public string Format(string path)
    {
        var where = Line is { } line ? $"{path}:{line}" : path;
        var key = Key is null ? string.Empty : $" key '{Key}':";
        var value = Value is null ? string.Empty : $" value '{Value}':";
        return $"{where}:{key}{value} {Reason}";
    }
}
