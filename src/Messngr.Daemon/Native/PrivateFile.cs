namespace Messngr.Daemon.Native;

/// <summary>
/// Writes a file that holds a secret (a private key) or trust decisions: created 0600 from the
/// first byte (open(2) with O_CREAT|O_EXCL and mode 0600, via <see cref="FileStreamOptions.UnixCreateMode"/>,
/// whatever the umask), written to a temporary file beside it, flushed to disk, then renamed over
/// the target (rename(2) is atomic), so a crash leaves the old file or the new one, never half of one.
/// </summary>
internal static class PrivateFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="content"/>, mode 0600.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = CreateTemporary(path, content);
        try
        {
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static string CreateTemporary(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = Mode,
        };
        try
        {
            using var stream = new FileStream(temporary, options);
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return temporary;
    }
}
