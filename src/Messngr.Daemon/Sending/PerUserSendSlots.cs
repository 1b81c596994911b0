namespace Messngr.Daemon.Sending;

/// <summary>
/// The one cap of sends under way per local uid (<see cref="Core.DaemonLimits.MaxAnySendsInFlightPerUser"/>;
/// issue #15, review follow-up), shared by every daemon-side send path: <c>POST /v1/send/any</c> and
/// its reply endpoint, the HTTP API's <c>POST /v1/messages</c> and the Alertmanager receiver, on the
/// control socket, the web listener and the HTTP API alike. Each such send may wait up to the classic
/// timeout for its receiver, so a uid gets at most <see cref="Max"/> of them at once however it
/// spreads them over endpoints and listeners, and cannot keep the daemon's sockets busy for the
/// others. One instance belongs to the daemon's <see cref="DaemonSendStack"/>; every endpoint takes
/// it from there.
/// </summary>
internal sealed class PerUserSendSlots
{
    private readonly Lock _gate = new();

    /// <summary>Slots held, by uid; a uid holding none has no entry.</summary>
    private readonly Dictionary<uint, int> _held = [];

    public PerUserSendSlots(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        Max = max;
    }

    /// <summary>Sends one uid may have under way at once.</summary>
    public int Max { get; }

    /// <summary>
    /// A slot of <paramref name="uid"/>, or null when it holds <see cref="Max"/> already (the
    /// caller answers 429). Disposing the slot gives it back; a second dispose does nothing.
    /// </summary>
    public Slot? TryEnter(uint uid)
    {
        lock (_gate)
        {
            _held.TryGetValue(uid, out var held);
            if (held >= Max)
            {
                return null;
            }

            _held[uid] = held + 1;
        }

        return new Slot(this, uid);
    }

    /// <summary>Slots <paramref name="uid"/> holds now.</summary>
    public int Held(uint uid)
    {
        lock (_gate)
        {
            return _held.TryGetValue(uid, out var held) ? held : 0;
        }
    }

    private void Release(uint uid)
    {
        lock (_gate)
        {
            var held = _held[uid] - 1;
            if (held == 0)
            {
                _held.Remove(uid);
            }
            else
            {
                _held[uid] = held;
            }
        }
    }

    /// <summary>One send under way; <see cref="Dispose"/> ends it.</summary>
    internal sealed class Slot : IDisposable
    {
        private readonly uint _uid;
        private PerUserSendSlots? _owner;

        public Slot(PerUserSendSlots owner, uint uid)
        {
            _owner = owner;
            _uid = uid;
        }

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(_uid);
    }
}
