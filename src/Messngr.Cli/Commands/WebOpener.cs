using System.Diagnostics;
using System.Net;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr web --open</c>: the URL holds the user's token, and a process's arguments are
/// readable by every local user (/proc/PID/cmdline), so the browser is not given the URL. It gets
/// a file only the user can read — <c>$XDG_RUNTIME_DIR/messngr-web.html</c> (the XDG Base Directory
/// spec makes that directory 0700 and the user's own), mode 0600 — whose meta refresh forwards to
/// the URL (as Jupyter's redirect file does). Started with <c>xdg-open FILE</c> (xdg-utils), no shell.
/// </summary>
internal static class WebOpener
{
    public const string FileName = "messngr-web.html";

    private static readonly TimeSpan OpenerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Opens <paramref name="url"/>; null when the opener ran and succeeded, else why not.</summary>
    public static string? Open(string url, IReadOnlyDictionary<string, string> environment)
    {
        string file;
        try
        {
            file = WriteRedirect(url, environment);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return ex.Message;
        }

        try
        {
            using var opener = Process.Start(new ProcessStartInfo("xdg-open") { ArgumentList = { file }, UseShellExecute = false });
            if (opener is null)
            {
                return "xdg-open did not start";
            }

            if (!opener.WaitForExit(OpenerTimeout))
            {
                return null; // still starting the browser: it has the file
            }

            return opener.ExitCode == 0 ? null : $"xdg-open exited with {opener.ExitCode}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"xdg-open: {ex.Message} (install xdg-utils)";
        }
    }

    /// <summary>Writes the 0600 forwarding page and returns its path.</summary>
    public static string WriteRedirect(string url, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var directory = environment.GetValueOrDefault("XDG_RUNTIME_DIR");
        if (string.IsNullOrEmpty(directory) || !Path.IsPathFullyQualified(directory) || !Directory.Exists(directory))
        {
            throw new InvalidOperationException("XDG_RUNTIME_DIR is not set (no desktop session?)");
        }

        var path = Path.Combine(directory, FileName);
        var escaped = WebUtility.HtmlEncode(url);
        var html = $"<!doctype html><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><meta http-equiv=\"refresh\" content=\"0;url={escaped}\"><title>messngr</title><a href=\"{escaped}\">messngr</a>\n";
        File.Delete(path); // a file made by someone else is not reused
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var stream = new FileStream(path, options))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(html));
        }

        return path;
    }
}
