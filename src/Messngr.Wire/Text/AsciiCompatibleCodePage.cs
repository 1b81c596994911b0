using System.Text;

namespace Messngr.Wire;

/// <summary>
/// A single-byte OEM or ANSI code page whose bytes 0x00–0x7F are ASCII (<see cref="OemCodePage.AsciiCompatible"/>,
/// checked against the provider in the tests). Text and bytes that are all ASCII — nearly every
/// name and most messages — are converted here; anything else goes to the base library's code-page
/// encoding, created on first need. Creating that encoding initialises the code-page provider and,
/// in a Native-AOT binary, the reflection runtime to read its tables: 0.6 ms of a 6.7 ms
/// <c>messngr send</c> (issue #6), spent now only when a message needs a character beyond ASCII.
/// </summary>
internal sealed class AsciiCompatibleCodePage : Encoding
{
    private readonly Lazy<Encoding> _full;

    public AsciiCompatibleCodePage(int codePage, EncoderFallback encoderFallback, DecoderFallback decoderFallback, Func<Encoding> full)
        : base(codePage, encoderFallback, decoderFallback)
    {
        _full = new Lazy<Encoding>(full, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The base library's encoding for this code page (with the same fallbacks).</summary>
    public Encoding Full => _full.Value;

    public override bool IsSingleByte => true;

    public override string EncodingName => Full.EncodingName;

    public override string WebName => Full.WebName;

    public override string HeaderName => Full.HeaderName;

    public override string BodyName => Full.BodyName;

    public override int WindowsCodePage => Full.WindowsCodePage;

    public override int GetByteCount(char[] chars, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(chars);
        return GetByteCount(chars.AsSpan(index, count));
    }

    public override int GetByteCount(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return GetByteCount(s.AsSpan());
    }

    public override int GetByteCount(ReadOnlySpan<char> chars) => Ascii.IsValid(chars) ? chars.Length : Full.GetByteCount(chars);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        ArgumentNullException.ThrowIfNull(chars);
        ArgumentNullException.ThrowIfNull(bytes);
        return GetBytes(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex));
    }

    public override int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(bytes);
        return GetBytes(s.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex));
    }

    public override byte[] GetBytes(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var bytes = new byte[GetByteCount(s)];
        GetBytes(s.AsSpan(), bytes);
        return bytes;
    }

    public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes)
    {
        if (!Ascii.IsValid(chars))
        {
            return Full.GetBytes(chars, bytes);
        }

        if (Ascii.FromUtf16(chars, bytes, out var written) != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException($"the destination holds {bytes.Length} bytes, {chars.Length} are needed", nameof(bytes));
        }

        return written;
    }

    public override int GetCharCount(byte[] bytes, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return GetCharCount(bytes.AsSpan(index, count));
    }

    public override int GetCharCount(ReadOnlySpan<byte> bytes) => Ascii.IsValid(bytes) ? bytes.Length : Full.GetCharCount(bytes);

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(chars);
        return GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex));
    }

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        if (!Ascii.IsValid(bytes))
        {
            return Full.GetChars(bytes, chars);
        }

        if (Ascii.ToUtf16(bytes, chars, out var written) != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException($"the destination holds {chars.Length} characters, {bytes.Length} are needed", nameof(chars));
        }

        return written;
    }

    public override string GetString(byte[] bytes, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var span = bytes.AsSpan(index, count);
        return Ascii.IsValid(span)
            ? string.Create(count, (bytes, index), static (chars, state) => Ascii.ToUtf16(state.bytes.AsSpan(state.index, chars.Length), chars, out _))
            : Full.GetString(bytes, index, count);
    }

    /// <summary>As the base library's single-byte encodings: one byte a character, plus what a fallback may add.</summary>
    public override int GetMaxByteCount(int charCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(charCount);
        var bytes = ((long)charCount + 1) * Math.Max(1, EncoderFallback.MaxCharCount);
        return bytes > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(charCount)) : (int)bytes;
    }

    public override int GetMaxCharCount(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        var chars = (long)byteCount * Math.Max(1, DecoderFallback.MaxCharCount);
        return chars > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(byteCount)) : (int)chars;
    }
}
