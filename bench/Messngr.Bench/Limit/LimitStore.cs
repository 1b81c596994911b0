using System.Text;

namespace Messngr.Bench.Limit;

/// <summary>
/// The limit responders' "store": one append-only file, one line per message (text, newline),
/// written through to the kernel before the reply (a write(2) per message, no fsync). Thread-safe.
/// </summary>
internal sealed class LimitStore : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _lock = new();

    public LimitStore(string path) =>
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);

    public void Append(ReadOnlySpan<byte> text)
    {
        Span<byte> line = stackalloc byte[Math.Min(text.Length, 4096) + 1];
        text[..(line.Length - 1)].CopyTo(line);
        line[^1] = (byte)'\n';
        // Messages never contain a newline of their own in the bench; make sure of it anyway.
        line[..^1].Replace((byte)'\n', (byte)' ');
        lock (_lock)
        {
            _file.Write(line);
        }
    }

    public void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

    public void Dispose() => _file.Dispose();
}
