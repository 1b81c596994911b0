using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// Runs the hook once: writes the text to a new 0600 file (O_EXCL, random name; owned by the
/// run-as user), starts the program directly — argv from the configuration, never a shell, never
/// message data in argv — with <see cref="HookEnvironment"/>, closes its stdin, keeps the first
/// <see cref="ExecHookOptions.MaxOutputChars"/> of stdout and stderr, kills the process tree at
/// the timeout and deletes the file. When <see cref="ExecHookOptions.RunAsUser"/> is set and the
/// daemon is root, the program is started through <c>setpriv --reuid --regid --init-groups
/// --no-new-privs --</c> (util-linux; .NET cannot change the uid of a child itself).
/// </summary>
internal sealed class HookRunner
{
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    private readonly ExecHookOptions _options;
    private readonly UserAccount? _runAs;
    private readonly bool _dropPrivileges;
    private readonly string _tempDirectory;
    private readonly ILogger _logger;

    public HookRunner(ExecHookOptions options, UserAccounts accounts, ILogger logger)
    {
        options.Validate();
        _options = options;
        _logger = logger;
        _tempDirectory = options.TempDirectory ?? Path.GetTempPath();
        if (options.RunAsUser is { } name)
        {
            _runAs = accounts.FindByName(name)
                ?? throw new ArgumentException($"hook user = '{name}' is not a known account", nameof(options));
            _dropPrivileges = Environment.IsPrivilegedProcess;
            if (!_dropPrivileges && name != Environment.UserName)
            {
                throw new ArgumentException($"hook user = '{name}' needs the daemon to run as root (it runs as {Environment.UserName})", nameof(options));
            }

            if (_dropPrivileges && !File.Exists(options.SetprivPath))
            {
                throw new ArgumentException($"hook user = '{name}' needs setpriv (util-linux) at {options.SetprivPath}", nameof(options));
            }
        }
    }

    public async Task<HookRunResult> RunAsync(ReceivedMessage message, string messageId, CancellationToken stopping)
    {
        string textFile;
        try
        {
            textFile = WriteTextFile(message.Text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SinkLog.HookTextFileFailed(_logger, _tempDirectory, ex.Message);
            return new HookRunResult(HookRunOutcome.Failed, null, string.Empty, string.Empty);
        }

        try
        {
            return await RunProcessAsync(HookEnvironment.Build(message, textFile, _runAs), stopping).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(textFile);
        }
    }

    private async Task<HookRunResult> RunProcessAsync(IReadOnlyDictionary<string, string> environment, CancellationToken stopping)
    {
        var start = StartInfo(environment);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process started");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            SinkLog.HookStartFailed(_logger, _options.Command[0], ex.Message);
            return new HookRunResult(HookRunOutcome.Failed, null, string.Empty, string.Empty);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = ReadBoundedAsync(process.StandardOutput, _options.MaxOutputChars);
            var stderr = ReadBoundedAsync(process.StandardError, _options.MaxOutputChars);
            var timedOut = false;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                timeout.CancelAfter(_options.Timeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    timedOut = true;
                    Kill(process);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            // A hook that left a daemonised child holding its stdout must not hold this slot forever.
            var drained = Task.WhenAll(stdout, stderr);
            await Task.WhenAny(drained, Task.Delay(OutputDrainTimeout, CancellationToken.None)).ConfigureAwait(false);
            var output = drained.IsCompletedSuccessfully ? stdout.Result : string.Empty;
            var errors = drained.IsCompletedSuccessfully ? stderr.Result : string.Empty;
            return timedOut
                ? new HookRunResult(HookRunOutcome.TimedOut, null, output, errors)
                : new HookRunResult(HookRunOutcome.Exited, process.ExitCode, output, errors);
        }
    }

    private ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        IEnumerable<string> argv = _options.Command;
        if (_dropPrivileges && _runAs is not null)
        {
            argv = new[]
            {
                _options.SetprivPath,
                "--reuid=" + _runAs.Uid.ToString(CultureInfo.InvariantCulture),
                "--regid=" + _runAs.Gid.ToString(CultureInfo.InvariantCulture),
                "--init-groups",
                "--no-new-privs",
                "--",
            }.Concat(_options.Command);
        }

        var list = argv.ToList();
        start.FileName = list[0];
        foreach (var argument in list.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private string WriteTextFile(string text)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the exec hook needs Unix file modes");
        }

        var path = Path.Combine(_tempDirectory, "messngr-msg-" + Guid.NewGuid().ToString("N"));
        var create = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, // O_EXCL: never follows a planted symlink
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var stream = new FileStream(path, create);
        try
        {
            if (_dropPrivileges && _runAs is not null && !SinkNative.ChangeOwner(stream.SafeFileHandle, _runAs.Uid, _runAs.Gid))
            {
                throw new IOException($"cannot give {path} to uid {_runAs.Uid}");
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes);
        }
        catch
        {
            stream.Dispose();
            TryDelete(path);
            throw;
        }

        return path;
    }

    private void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            SinkLog.HookKillFailed(_logger, ex.Message);
        }
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader, int maxChars)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                var room = maxChars - kept.Length;
                if (room > 0)
                {
                    kept.Append(buffer, 0, Math.Min(room, read));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // the pipe was closed under us (abandoned after the drain timeout): keep what was read
        }

        return kept.ToString();
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SinkLog.HookTextFileNotDeleted(_logger, path, ex.Message);
        }
    }
}
