using System.Buffers;
using System.Text;

namespace Messngr.Daemon.Sinks.HookLaunch;

/// <summary>
/// Reads '\n'-terminated UTF-8 lines from a stream with a bound on each line: a longer line is
/// skipped whole (reported as <see cref="Oversized"/>) instead of growing a buffer without end.
/// </summary>
internal sealed class BoundedLineReader
{
    private readonly Stream _stream;
    private readonly int _maxBytes;
    private readonly byte[] _buffer = new byte[8192];
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _start;
    private int _end;
    private bool _skipping;

    public BoundedLineReader(Stream stream, int maxBytes)
    {
        _stream = stream;
        _maxBytes = maxBytes;
    }

    /// <summary>Lines skipped because they were longer than the bound.</summary>
    public long Oversized { get; private set; }

    /// <summary>The next line without its '\n', or null at the end of the stream (a last unterminated line is returned).</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    return Finish(endOfStream: true);
                }
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            Append(_buffer.AsSpan(_start, stop - _start));
            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0 && Finish(endOfStream: false) is { } line)
            {
                return line;
            }
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_skipping)
        {
            return;
        }

        if (_line.WrittenCount + bytes.Length > _maxBytes)
        {
            _skipping = true;
            _line.ResetWrittenCount();
            return;
        }

        _line.Write(bytes);
    }

    private string? Finish(bool endOfStream)
    {
        if (_skipping)
        {
            _skipping = false;
            Oversized++;
            return null;
        }

        if (endOfStream && _line.WrittenCount == 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(_line.WrittenSpan);
        _line.ResetWrittenCount();
        return text;
    }
}
