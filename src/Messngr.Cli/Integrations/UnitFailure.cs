using System.Diagnostics;
using Messngr.Daemon.Integrations;

namespace Messngr.Cli.Integrations;

/// <summary>
/// systemd's OnFailure= (systemd.unit(5)): <c>messngr-onfailure@%n.service</c> runs
/// <c>messngr unit-failed %i</c>, the failed unit's name as the instance. The alert says
/// "UNIT failed on HOST" with the unit's last journal lines (journalctl, bounded), at high
/// priority with the correlation key <c>unit:UNIT</c>.
/// </summary>
internal static class UnitFailure
{
    /// <summary>Journal lines shown, and the characters kept of each.</summary>
    public const int MaxJournalLines = 10;
    public const int MaxJournalLineCharacters = 300;

    /// <summary>How long journalctl may take before it is stopped and the alert goes without its lines.</summary>
    public static readonly TimeSpan JournalTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A unit name as systemd.unit(5) allows it: ASCII letters, digits, ":-_.\" and "@" (an
    /// instance), at most 255 characters; anything else is refused before journalctl sees it.
    /// </summary>
    public static bool IsUnitName(string unit) =>
        unit.Length is > 0 and <= 255 && !unit.StartsWith('-')
        && unit.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.' or '\\' or '@');

    public static IntegrationAlert Alert(string unit, string host, IReadOnlyList<string> journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var lines = journal.TakeLast(MaxJournalLines)
            .Select(l => IntegrationAlert.Inert(l.Length > MaxJournalLineCharacters ? l[..MaxJournalLineCharacters] + "..." : l));
        var text = $"{unit} failed on {host}";
        if (journal.Count > 0)
        {
            text += "\n" + string.Join('\n', lines);
        }

        return new IntegrationAlert(text, "high", IntegrationAlert.Key("unit", unit));
    }

    /// <summary>The unit's last journal lines from <c>journalctl</c>; none when it is missing, fails or takes too long.</summary>
    public static async Task<IReadOnlyList<string>> JournalAsync(string unit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("journalctl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--unit={unit}", $"--lines={MaxJournalLines}", "--no-pager", "--quiet", "--output=short-iso" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("journalctl did not start");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return [];
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(JournalTimeout);
            var lines = new List<string>();
            try
            {
                _ = process.StandardError.ReadToEndAsync(timeout.Token);
                while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
                {
                    lines.Add(line.Length > MaxJournalLineCharacters ? line[..(MaxJournalLineCharacters + 1)] : line);
                    if (lines.Count > MaxJournalLines)
                    {
                        lines.RemoveAt(0);
                    }
                }

                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return process.ExitCode == 0 ? lines : [];
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return [];
            }
        }
    }
}
