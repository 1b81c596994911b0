using System.Runtime.InteropServices;

namespace Messngr.Send;

/// <summary>
/// Hands a command line to <c>messngr</c> itself (issue #15, item 8): <c>execv(2)</c> replaces this
/// process with <c>messngr send ARGS</c> (or <c>messngr alert ARGS</c>), so its standard input,
/// output, error, exit code and signals are exactly messngr's, as if it had been run. The binary
/// is the <c>messngr</c> beside this one (<c>/usr/bin</c> in the package, <c>out/aot</c> when
/// built); under the <c>dotnet</c> host (tests run messngr-send.dll) it is <c>messngr.dll</c> beside
/// this assembly. Plain <c>DllImport</c> with blittable arguments, as the rest of messngr's libc calls.
/// </summary>
internal static class MessngrExec
{
    /// <summary>Runs <c>messngr COMMAND ARGS</c> in place of this process; returns only when that could not be done (the reason).</summary>
    public static string Run(string command, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var self = Environment.ProcessPath ?? string.Empty;
        var directory = Path.GetDirectoryName(self) ?? ".";
        string[] argv = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? [self, Path.Combine(AppContext.BaseDirectory, "messngr.dll"), command, .. args]
            : [Path.Combine(directory, "messngr"), command, .. args];
        if (!File.Exists(argv[0]) || (argv.Length > 1 && argv[1].EndsWith(".dll", StringComparison.Ordinal) && !File.Exists(argv[1])))
        {
            return $"cannot find messngr beside {self} (messngr-send runs it for 'messngr {command}')";
        }

        var pointers = new IntPtr[argv.Length + 1];
        try
        {
            for (var i = 0; i < argv.Length; i++)
            {
                pointers[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            }

            return execv(pointers[0], pointers) == -1
                ? $"cannot run {argv[0]}: {Marshal.GetLastPInvokeErrorMessage()}"
                : $"cannot run {argv[0]}";
        }
        finally
        {
            foreach (var pointer in pointers)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int execv(IntPtr path, IntPtr[] argv);
}
