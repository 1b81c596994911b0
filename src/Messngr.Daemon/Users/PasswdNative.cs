using System.Runtime.InteropServices;
using System.Text;

namespace Messngr.Daemon.Users;

/// <summary>
/// getpwnam_r(3) from libc, so accounts served by NSS (LDAP, sssd, winbind) are found too — the
/// users most likely to receive <c>net send</c> messages. Plain <c>DllImport</c> with blittable
/// arguments (AOT-compatible; the project does not allow unsafe code, which LibraryImport needs).
/// </summary>
internal static class PasswdNative
{
    private const int ERANGE = 34;
    private const int MaxBuffer = 1024 * 1024;

    public static UserAccount? FindByName(string name)
    {
        if (!OperatingSystem.IsLinux() || name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        for (var size = 4096; size <= MaxBuffer; size *= 4)
        {
            // The strings of struct passwd point into this buffer: native memory, so nothing moves it.
            var buffer = Marshal.AllocHGlobal(size);
            try
            {
                var rc = getpwnam_r(nameBytes, out var entry, buffer, (nuint)size, out var result);
                if (rc == ERANGE)
                {
                    continue;
                }

                if (rc != 0 || result == IntPtr.Zero)
                {
                    return null;
                }

                var home = Marshal.PtrToStringUTF8(entry.Dir) ?? "/";
                var accountName = Marshal.PtrToStringUTF8(entry.Name) ?? name;
                return new UserAccount(accountName, entry.Uid, entry.Gid, home);
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        return null;
    }

    // struct passwd (glibc pwd.h): char*, char*, uid_t, gid_t, char*, char*, char*.
    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public IntPtr Name;
        public IntPtr Password;
        public uint Uid;
        public uint Gid;
        public IntPtr Gecos;
        public IntPtr Dir;
        public IntPtr Shell;
    }

    [DllImport("libc", EntryPoint = "getpwnam_r")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int getpwnam_r(byte[] name, out Passwd pwd, IntPtr buf, nuint buflen, out IntPtr result);
}
