namespace Messngr.Wire.Native;

/// <summary>MESSAGE PRIORITY byte (docs/native-protocol.md §5.3); other values are malformed.</summary>
public enum NativePriority : byte
{
    Low = 0,
    Normal = 1,
    High = 2,
    Critical = 3,
}
