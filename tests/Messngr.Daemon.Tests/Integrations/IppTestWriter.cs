using System.Buffers.Binary;
using System.Text;

namespace Messngr.Daemon.Tests.Integrations;

/// <summary>Writes IPP messages as cupsd's ippWriteFile does (RFC 8010 3.1), for the reader's tests.</summary>
internal sealed class IppTestWriter
{
    private readonly MemoryStream _bytes = new();

    public IppTestWriter(byte major = 2, byte minor = 0, ushort code = 0, int requestId = 0)
    {
        _bytes.Write([major, minor]);
        Short(code);
        Span<byte> id = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(id, requestId);
        _bytes.Write(id);
    }

    public IppTestWriter Group(byte tag)
    {
        _bytes.WriteByte(tag);
        return this;
    }

    public IppTestWriter Attribute(byte tag, string name, byte[] value)
    {
        _bytes.WriteByte(tag);
        var n = Encoding.UTF8.GetBytes(name);
        Short((ushort)n.Length);
        _bytes.Write(n);
        Short((ushort)value.Length);
        _bytes.Write(value);
        return this;
    }

    public IppTestWriter Text(byte tag, string name, string value) => Attribute(tag, name, Encoding.UTF8.GetBytes(value));

    public IppTestWriter Integer(byte tag, string name, int value)
    {
        var v = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(v, value);
        return Attribute(tag, name, v);
    }

    public byte[] End()
    {
        _bytes.WriteByte(0x03);
        return _bytes.ToArray();
    }

    /// <summary>A job-completed event as cupsdAddEvent builds it (scheduler/subscriptions.c).</summary>
    public static byte[] JobCompleted(int jobId, string jobName, string printer, int state = 9, string? owner = null)
    {
        var w = new IppTestWriter()
            .Group(0x07)
            .Text(0x47, "notify-charset", "utf-8")
            .Text(0x48, "notify-natural-language", "en-US")
            .Integer(0x21, "notify-subscription-id", 1)
            .Integer(0x21, "notify-sequence-number", 3)
            .Text(0x44, "notify-subscribed-event", "job-completed")
            .Integer(0x21, "printer-up-time", 1_700_000_000)
            .Text(0x41, "notify-text", "Job completed.")
            .Text(0x45, "notify-printer-uri", $"ipp://localhost/printers/{printer}")
            .Text(0x42, "printer-name", printer)
            .Integer(0x23, "printer-state", 3)
            .Text(0x44, "printer-state-reasons", "none")
            .Attribute(0x22, "printer-is-accepting-jobs", [1])
            .Integer(0x21, "notify-job-id", jobId)
            .Integer(0x23, "job-state", state)
            .Text(0x42, "job-name", jobName)
            .Text(0x44, "job-state-reasons", "job-completed-successfully")
            .Integer(0x21, "job-impressions-completed", 1);
        if (owner is not null)
        {
            w.Text(0x42, "job-originating-user-name", owner);
        }

        return w.End();
    }

    private void Short(ushort value)
    {
        Span<byte> s = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(s, value);
        _bytes.Write(s);
    }
}
