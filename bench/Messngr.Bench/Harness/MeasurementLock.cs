namespace Messngr.Bench.Harness;

/// <summary>
/// One measuring run per machine: full runs hold an exclusive lock on <c>/tmp/mbench.lock</c>
/// (.NET takes FileShare.None as an flock) while they measure, and wait for it (bounded) when
/// another run holds it — two runs on the same cores would disturb each other's numbers. The
/// smoke run does not take it: it measures nothing.
/// </summary>
public static class MeasurementLock
{
    public const string Path = "/tmp/mbench.lock";

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/>; null when it could not (then the run goes on with a warning).</summary>
    public static FileStream? Acquire(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var told = false;
        while (true)
        {
            try
            {
                return new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!told)
                {
                    Console.Error.WriteLine($"bench: another bench run is measuring (it holds {Path}); waiting up to {timeout.TotalMinutes:0} min");
                    told = true;
                }

                cancellationToken.WaitHandle.WaitOne(1000);
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (IOException)
            {
                Console.Error.WriteLine($"bench: warning: {Path} still held after {timeout.TotalMinutes:0} min; measuring anyway, numbers will be disturbed");
                return null;
            }
        }
    }
}
