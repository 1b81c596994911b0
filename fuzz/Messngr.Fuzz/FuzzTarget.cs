namespace Messngr.Fuzz;

/// <summary>
/// One fuzz target: a codec root fed arbitrary bytes. It must return normally for every input;
/// an exception (a parser that throws, or a parsed value that does not survive write→read) is a
/// finding that AFL++ records as a crash.
/// </summary>
internal sealed record FuzzTarget(string Name, string Description, Action<ReadOnlyMemory<byte>> Run);
