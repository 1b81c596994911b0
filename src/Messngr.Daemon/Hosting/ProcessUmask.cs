using System.Runtime.InteropServices;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// umask(2) for <c>messngr serve</c>: 077, so every file and directory the daemon or a library
/// in it (SQLite, Kestrel) creates starts private (issue #10, item 2); what must be shared (the
/// control socket, the state directory's search bit) is opened up explicitly with chmod. Plain
/// <c>DllImport</c> with blittable arguments: AOT-compatible without unsafe code (LibraryImport
/// would need AllowUnsafeBlocks), as in <c>PasswdNative</c>.
/// </summary>
internal static class ProcessUmask
{
    /// <summary>Octal 077: no permission for group and others.</summary>
    public const uint Private = 0x3F;

    /// <summary>Sets the process umask; returns the previous one (Linux only, otherwise nothing happens).</summary>
    public static uint Set(uint mask) => OperatingSystem.IsLinux() ? umask(mask) : 0;

    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint umask(uint mask);
}
