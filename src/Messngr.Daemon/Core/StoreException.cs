namespace Messngr.Daemon.Core;

/// <summary>
/// The message store cannot be used: the database is corrupt, not a database, from a newer
/// messngr, or its directory cannot be made private. The message is one sentence for the admin
/// (what happened, which file, what to do); <c>messngr serve</c> prints it and exits with 70.
/// </summary>
internal sealed class StoreException : IOException
{
    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreException()
    {
    }

    /// <summary>What kind of failure this is (default <see cref="StoreFailure.Unusable"/>).</summary>
    public StoreFailure Failure { get; init; } = StoreFailure.Unusable;
}
