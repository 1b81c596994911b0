namespace Messngr.Bench.Peers;

/// <summary>
/// Counts the newlines of a file that only grows (Samba's and the limit's message logs), reading
/// only what was appended since the last call.
/// </summary>
internal sealed class LineCounter
{
    private readonly string _path;
    private readonly byte[] _buffer = new byte[1 << 16];
    private readonly Lock _lock = new();
    private long _offset;
    private long _lines;

    public LineCounter(string path) => _path = path;

    public long Count()
    {
        lock (_lock)
        {
            try
            {
                using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Seek(_offset, SeekOrigin.Begin);
                int n;
                while ((n = stream.Read(_buffer)) > 0)
                {
                    _lines += _buffer.AsSpan(0, n).Count((byte)'\n');
                    _offset += n;
                }
            }
            catch (FileNotFoundException)
            {
                return 0;
            }

            return _lines;
        }
    }
}
