using System.Runtime.InteropServices;
using System.Text;

namespace Messngr.Daemon.Users;

/// <summary>
/// glibc <c>struct utmp</c> (utmp(5), bits/utmp.h) on 64-bit Linux (x86-64, aarch64): 384 bytes,
/// native byte order.
/// <code>
///   0 short ut_type (+2 pad)   4 pid_t ut_pid        8 char ut_line[32]   40 char ut_id[4]
///  44 char ut_user[32]        76 char ut_host[256] 332 exit_status       336 int32 ut_session
/// 340 int32 ut_tv[2]         348 int32 ut_addr_v6[4] 364 char unused[20]
/// </code>
/// Strings are NUL-padded, not necessarily NUL-terminated when full. Total: a trailing short
/// record, a record that is not USER_PROCESS, and a record whose strings are empty, not UTF-8 or
/// hold control characters are skipped; at most <c>maxRecords</c> records are looked at.
/// </summary>
internal static class UtmpParser
{
    public const int RecordSize = 384;

    /// <summary>ut_type of a normal login session.</summary>
    public const short USER_PROCESS = 7;

    public const int DefaultMaxRecords = 4096;

    private const int TypeOffset = 0;
    private const int PidOffset = 4;
    private const int LineOffset = 8;
    private const int LineSize = 32;
    private const int UserOffset = 44;
    private const int UserSize = 32;
    private const int HostOffset = 76;
    private const int HostSize = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<UtmpEntry> Parse(ReadOnlySpan<byte> data, int maxRecords = DefaultMaxRecords)
    {
        var entries = new List<UtmpEntry>();
        var count = Math.Min(data.Length / RecordSize, maxRecords);
        for (var i = 0; i < count; i++)
        {
            if (TryParseRecord(data.Slice(i * RecordSize, RecordSize), out var entry))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static bool TryParseRecord(ReadOnlySpan<byte> record, out UtmpEntry entry)
    {
        entry = null!;
        if (MemoryMarshal.Read<short>(record[TypeOffset..]) != USER_PROCESS)
        {
            return false;
        }

        var pid = MemoryMarshal.Read<int>(record[PidOffset..]);
        if (!TryReadString(record.Slice(LineOffset, LineSize), out var line)
            || !TryReadString(record.Slice(UserOffset, UserSize), out var user)
            || line.Length == 0
            || user.Length == 0
            || !TryReadString(record.Slice(HostOffset, HostSize), out var host))
        {
            return false;
        }

        entry = new UtmpEntry(pid, line, user, host);
        return true;
    }

    private static bool TryReadString(ReadOnlySpan<byte> field, out string value)
    {
        value = string.Empty;
        var end = field.IndexOf((byte)0);
        var bytes = end < 0 ? field : field[..end];
        try
        {
            value = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
