namespace Messngr.Daemon.Core;

/// <summary>
/// How urgent a message is (issue #13, item 1). Classic messages are <see cref="Normal"/>: their
/// protocols carry no priority. Written and parsed as the lower-case word (<see cref="PriorityText"/>);
/// the numbers order the members and are not stored.
/// </summary>
internal enum Priority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Critical = 3,
}
