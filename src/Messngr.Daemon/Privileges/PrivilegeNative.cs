using System.Runtime.InteropServices;

namespace Messngr.Daemon.Privileges;

/// <summary>
/// The libc calls a root daemon needs to give up root: setgroups(2), setgid(2), setuid(2) and
/// lchown(2). glibc applies the set*id calls to every thread of the process (POSIX semantics, the
/// nptl "setxid" broadcast), which is what makes them safe after the runtime started its threads.
/// Plain <c>DllImport</c> with blittable arguments (AOT-compatible, no unsafe code).
/// </summary>
internal static class PrivilegeNative
{
    public static bool SetGroups(uint[] groups) => setgroups((nuint)groups.Length, groups) == 0;

    public static bool SetGid(uint gid) => setgid(gid) == 0;

    public static bool SetUid(uint uid) => setuid(uid) == 0;

    /// <summary>access(2) with R_OK|W_OK|X_OK (<paramref name="mode"/> 7) or a subset, as the real uid: true when allowed.</summary>
    public static bool Access(string path, int mode) => access(System.Text.Encoding.UTF8.GetBytes(path + "\0"), mode) == 0;

    public static uint RealUid => getuid();

    public static uint EffectiveUid => geteuid();

    public static uint RealGid => getgid();

    public static uint EffectiveGid => getegid();

    /// <summary>lchown(2): never follows a symbolic link; true on success.</summary>
    public static bool ChangeOwnerNoFollow(string path, uint uid, uint gid) =>
        lchown(System.Text.Encoding.UTF8.GetBytes(path + "\0"), uid, gid) == 0;

    public static int LastError => Marshal.GetLastPInvokeError();

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int access(byte[] path, int mode);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setgroups(nuint size, uint[] list);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setgid(uint gid);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setuid(uint uid);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint getuid();

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint getgid();

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint getegid();

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int lchown(byte[] path, uint uid, uint gid);
}
