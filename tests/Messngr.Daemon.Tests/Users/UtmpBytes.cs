using System.Buffers.Binary;
using System.Text;

namespace Messngr.Daemon.Tests.Users;

/// <summary>Writes glibc 64-bit <c>struct utmp</c> records byte by byte (utmp(5)), little-endian like x86-64.</summary>
internal static class UtmpBytes
{
    public const short BOOT_TIME = 2;
    public const short LOGIN_PROCESS = 6;
    public const short USER_PROCESS = 7;
    public const short DEAD_PROCESS = 8;

    public static byte[] Record(short type, int pid, string line, string user, string host = "", string id = "")
    {
        var record = new byte[384];
        BinaryPrimitives.WriteInt16LittleEndian(record.AsSpan(0), type);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), pid);
        Put(record, 8, 32, Encoding.UTF8.GetBytes(line));
        Put(record, 40, 4, Encoding.UTF8.GetBytes(id));
        Put(record, 44, 32, Encoding.UTF8.GetBytes(user));
        Put(record, 76, 256, Encoding.UTF8.GetBytes(host));
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(336), pid); // ut_session
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(340), 1_700_000_000); // ut_tv.tv_sec
        return record;
    }

    public static byte[] Raw(short type, int pid, byte[] line, byte[] user)
    {
        var record = new byte[384];
        BinaryPrimitives.WriteInt16LittleEndian(record.AsSpan(0), type);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), pid);
        Put(record, 8, 32, line);
        Put(record, 44, 32, user);
        return record;
    }

    public static byte[] File(params byte[][] records) => records.SelectMany(r => r).ToArray();

    private static void Put(byte[] record, int offset, int size, byte[] value)
    {
        if (value.Length > size)
        {
            throw new ArgumentException("field too long for the test record", nameof(value));
        }

        value.CopyTo(record, offset);
    }
}
