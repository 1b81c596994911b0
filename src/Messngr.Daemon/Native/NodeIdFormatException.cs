namespace Messngr.Daemon.Native;

/// <summary>
/// A text that is not a node id; <see cref="Error"/> says why and, for a wrong check character,
/// <see cref="Group"/> which of the four check groups (1–4; each is two of the eight groups shown)
/// holds the typo. The message is one sentence for the person who typed it.
/// </summary>
internal sealed class NodeIdFormatException : FormatException
{
    public NodeIdFormatException(NodeIdError error, string message, int group = 0)
        : base(message)
    {
        Error = error;
        Group = group;
    }

    public NodeIdFormatException()
    {
    }

    public NodeIdFormatException(string message)
        : base(message)
    {
    }

    public NodeIdFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NodeIdError Error { get; } = NodeIdError.Length;

    /// <summary>The check group (1–4) whose check character is wrong; 0 for the other errors.</summary>
    public int Group { get; }
}
