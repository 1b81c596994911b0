namespace Messngr.Wire.Tests.Support;

/// <summary>Runs a parser over random and mutated input and fails on anything but a clean result.</summary>
internal static class Hostile
{
    /// <summary>
    /// Feeds <paramref name="iterations"/> mutations of <paramref name="seed"/> (bit flips, byte
    /// sets, truncations, extensions) and pure random buffers. Any exception fails the test.
    /// </summary>
    public static void Mutate<T>(byte[] seed, Golden.TryParse<T> parse, int iterations = 2000, int randomSeed = 1234)
    {
        var random = new Random(randomSeed);
        for (var i = 0; i < iterations; i++)
        {
            var buffer = seed.ToArray();
            switch (random.Next(4))
            {
                case 0:
                    if (buffer.Length > 0)
                    {
                        buffer[random.Next(buffer.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1:
                    if (buffer.Length > 0)
                    {
                        buffer[random.Next(buffer.Length)] = (byte)random.Next(256);
                        buffer[random.Next(buffer.Length)] = 0xFF;
                    }

                    break;
                case 2:
                    buffer = buffer[..random.Next(buffer.Length + 1)];
                    break;
                default:
                    var extra = new byte[random.Next(64)];
                    random.NextBytes(extra);
                    buffer = [.. buffer, .. extra];
                    break;
            }

            parse(buffer, out _, out _);
            var noise = new byte[random.Next(600)];
            random.NextBytes(noise);
            parse(noise, out _, out _);
        }
    }
}
