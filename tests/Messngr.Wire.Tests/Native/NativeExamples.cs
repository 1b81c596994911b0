using Messngr.Wire.Native;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.Native;

/// <summary>
/// The worked examples of docs/native-protocol.md §10, byte for byte (the doc prints the same
/// hex; tests/Messngr.Interop.Tests/peers/native_decode.py decodes them too).
/// </summary>
internal static class NativeExamples
{
    public const long T = 1765000000000; // 2025-12-06T05:46:40Z

    public static readonly Guid Id = Guid.Parse("0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");

    public static readonly (string Name, string Hex, NativeFrame Frame)[] Frames =
    [
        ("hello",
            "00 00 00 23 01 01 00 00 00 00 00 00 01 01 00 00 01 9a f2 32 b2 00 00 04 00 00 01 00 00 00 00 03 01 05 41 4c 49 43 45",
            new HelloFrame([1], new NativeOffer(T, 262144, 256, NativeCapabilities.DisplayReadReceipts | NativeCapabilities.Sealed, ["ALICE"]))),
        ("hello-ack",
            "00 00 00 27 01 02 00 00 00 00 00 00 01 00 00 01 9a f2 32 b2 05 00 02 00 00 01 00 00 00 00 01 02 03 42 4f 42 06 42 4f 42 2d 50 43",
            new HelloAckFrame(1, new NativeOffer(T + 5, 131072, 256, NativeCapabilities.DisplayReadReceipts, ["BOB", "BOB-PC"]))),
        ("message",
            "00 00 00 59 01 10 00 00 00 00 00 01 01 93 a1 b2 c3 d4 7e 5f 8a 6b 7c 8d 9e 0f 1a 2b 01 00 00 00 01 9a f2 32 b2 00 00 00 01 9a f7 59 0e 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 05 61 6c 69 63 65 03 42 4f 42 00 00 00 00 10 4c 75 6e 63 68 20 61 74 20 31 32 3f 20 e2 98 95",
            new MessageFrame(1, Id, NativePriority.Normal, false, T, T + 86_400_000, Guid.Empty, "alice", "BOB", "", "Lunch at 12? \u2615")),
        ("receipt-stored",
            "00 00 00 24 01 11 00 00 00 00 00 01 01 93 a1 b2 c3 d4 7e 5f 8a 6b 7c 8d 9e 0f 1a 2b 01 00 00 00 00 01 9a f2 32 b2 7b 00",
            new ReceiptFrame(1, Id, NativeReceiptState.Stored, NativeRefusalReason.None, T + 123)),
        ("receipt-refused",
            "00 00 00 2c 01 11 00 00 00 00 00 03 01 93 a1 b2 c3 d4 7e 5f 8a 6b 7c 8d 9e 0f 1a 2b 04 00 01 00 00 01 9a f2 32 b2 7c 08 6e 6f 74 20 68 65 72 65",
            new ReceiptFrame(3, Id, NativeReceiptState.Refused, NativeRefusalReason.NotHere, T + 124, "not here")),
        ("receipt-read",
            "00 00 00 24 01 11 00 00 00 00 00 02 01 93 a1 b2 c3 d4 7e 5f 8a 6b 7c 8d 9e 0f 1a 2b 03 00 00 00 00 01 9a f2 33 9c 60 00",
            new ReceiptFrame(2, Id, NativeReceiptState.Read, NativeRefusalReason.None, T + 60_000)),
        ("ack", "00 00 00 08 01 12 00 00 00 00 00 02", new AckFrame(2)),
        ("ping", "00 00 00 10 01 20 00 00 00 00 00 05 01 02 03 04 05 06 07 08", new PingFrame(5, 0x0102030405060708)),
        ("pong", "00 00 00 10 01 21 00 00 00 00 00 05 01 02 03 04 05 06 07 08", new PongFrame(5, 0x0102030405060708)),
        ("goodbye", "00 00 00 12 01 30 00 00 00 00 00 00 00 01 07 72 65 73 74 61 72 74", new GoodbyeFrame(NativeGoodbyeReason.ShuttingDown, "restart")),
        ("error",
            "00 00 00 22 01 3f 00 00 00 00 00 00 00 02 17 55 6e 73 75 70 70 6f 72 74 65 64 20 61 74 20 6f 66 66 73 65 74 20 34",
            new ErrorFrame(0, NativeErrorCode.UnsupportedVersion, "Unsupported at offset 4")),
    ];

    public const string ProbeHex = "4d 53 47 52 01 02 00 00 01 9a f2 32 b2 00 01 03 42 4f 42";

    public const string AnnounceHex =
        "4d 53 47 52 01 01 00 00 01 9a f2 32 b2 00 00 00 00 00 00 00 00 07 09 7a " +
        "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f " +
        "02 03 42 4f 42 06 42 4f 42 2d 50 43 00 05 30 03 02 01 01 00 04 de ad be ef";

    public static ProbeDatagram Probe => new(T, ["BOB"]);

    public static AnnounceDatagram Announce =>
        new(T, 7, 2426, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), ["BOB", "BOB-PC"], Hex.Parse("30 03 02 01 01"), Hex.Parse("de ad be ef"));

    /// <summary>Every example frame back to back: one stream as a peer would send it.</summary>
    public static byte[] Stream => [.. Frames.SelectMany(f => Hex.Parse(f.Hex))];

    public static byte[] Bytes(string name) => Hex.Parse(Frames.Single(f => f.Name == name).Hex);
}
