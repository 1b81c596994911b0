using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Messngr.Daemon.Core;

/// <summary>
/// Makes <see cref="MessageId"/>s that grow strictly within this generator: RFC 9562 §6.2,
/// method 1 (a fixed-length dedicated counter). The 42 bits after the version and variant (rand_a
/// and the top 30 bits of rand_b) are a counter, seeded at random with its top bit clear at each
/// new millisecond and incremented for every further id in the same millisecond; the last 32 bits
/// are random for every id. If the clock steps back, the last timestamp is kept; if the counter
/// runs over, the timestamp moves one millisecond ahead (RFC 9562 §6.2, counter rollover).
/// <see cref="Guid.CreateVersion7()"/> is not used: it fills rand_a and rand_b at random, so two ids
/// of one millisecond come out in random order.
/// </summary>
internal sealed class MessageIdGenerator
{
    /// <summary>The largest unix_ts_ms a UUIDv7 holds (48 bits).</summary>
    public const long MaxTimestamp = (1L << 48) - 1;

    private const int CounterBits = 42;
    private const long CounterMax = (1L << CounterBits) - 1;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _lastTimestamp = -1;
    private long _counter;

    public MessageIdGenerator(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The process-wide generator on the system clock: ids of one process are strictly increasing.</summary>
    public static MessageIdGenerator Shared { get; } = new();

    /// <summary>An id for now.</summary>
    public MessageId Next() => Next(_time.GetUtcNow());

    /// <summary>
    /// An id stamped <paramref name="at"/>, or the last timestamp given out when that is later
    /// (the store numbers existing rows this way, oldest first, so their order holds).
    /// </summary>
    public MessageId Next(DateTimeOffset at)
    {
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        var tail = BinaryPrimitives.ReadUInt32BigEndian(random);
        lock (_lock)
        {
            var timestamp = Math.Clamp(at.ToUnixTimeMilliseconds(), 0, MaxTimestamp);
            if (timestamp > _lastTimestamp)
            {
                _lastTimestamp = timestamp;
                _counter = (long)(BinaryPrimitives.ReadUInt64BigEndian(random[4..]) & (CounterMax >> 1)); // top bit clear: room to count
            }
            else if (_counter < CounterMax)
            {
                _counter++;
            }
            else
            {
                _lastTimestamp = Math.Min(_lastTimestamp + 1, MaxTimestamp);
                _counter = 0;
            }

            // rand_a = counter bits 41..30; rand_b = counter bits 29..0, then 32 random bits.
            var randA = (int)(_counter >> 30);
            var randB = ((ulong)(_counter & 0x3FFF_FFFF) << 32) | tail;
            return MessageId.FromFields(_lastTimestamp, randA, randB);
        }
    }
}
