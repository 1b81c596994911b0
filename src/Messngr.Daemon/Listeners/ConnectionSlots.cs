using System.Runtime.InteropServices;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// The connection caps of a TCP listener (architecture.md, "bounded everything"): at most a total
/// number open at once and at most a number from one source address, taken at accept (before any
/// byte is read) and released when the connection ends. Used by the session service (TCP 139)
/// and the native transport.
/// </summary>
/// <param name="slots">How a refusal names the total, e.g. "session slots".</param>
/// <param name="connections">How a refusal names the connections from one address, e.g. "sessions".</param>
internal sealed class ConnectionSlots<TSource>(string slots, string connections)
    where TSource : notnull
{
    private readonly Dictionary<TSource, int> _perSource = [];
    private int _open;

    /// <summary>Connections open now.</summary>
    public int Open
    {
        get
        {
            lock (_perSource)
            {
                return _open;
            }
        }
    }

    /// <summary>Takes a slot for <paramref name="source"/>; returns why not when a cap is reached.</summary>
    public string? TryTake(TSource source, int maxTotal, int maxPerSource)
    {
        lock (_perSource)
        {
            if (_open >= maxTotal)
            {
                return $"all {maxTotal} {slots} are taken";
            }

            var fromSource = _perSource.GetValueOrDefault(source);
            if (fromSource >= maxPerSource)
            {
                return $"{fromSource} {connections} from this address are open already";
            }

            _perSource[source] = fromSource + 1;
            _open++;
            return null;
        }
    }

    /// <summary>Gives back a slot <see cref="TryTake"/> gave.</summary>
    public void Release(TSource source)
    {
        lock (_perSource)
        {
            _open--;
            if (--CollectionsMarshal.GetValueRefOrNullRef(_perSource, source) == 0)
            {
                _perSource.Remove(source);
            }
        }
    }
}
