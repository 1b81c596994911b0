namespace Messngr.Wire.DceRpc;

/// <summary>
/// Reassembles fragmented CL requests (flags1 0x04; the last has 0x02; ordered by fragnum; one call
/// per activity at a time, newer seqnum replaces older): C706 §12.5.1, protocols.md §7.9.
/// Pure state, no timers and no locking: the caller passes its clock and serialises calls.
/// Bounded by <see cref="ClReassemblyBudget"/>. FACKs for senders that want them are the caller's job.
/// </summary>
public sealed class ClFragmentReassembler
{
    private readonly ClReassemblyBudget _budget;
    private readonly Dictionary<Guid, PartialCall> _calls = [];

    public ClFragmentReassembler(ClReassemblyBudget? budget = null)
    {
        _budget = budget ?? ClReassemblyBudget.Default;
        _budget.Validate();
    }

    /// <summary>Activities with a partial call.</summary>
    public int PendingActivities => _calls.Count;

    /// <summary>Body bytes held.</summary>
    public int PendingBytes { get; private set; }

    /// <summary>
    /// Adds a request PDU. On <see cref="ClReassemblyStatus.Complete"/>, <paramref name="header"/> is
    /// the first fragment's header with the fragment flags and number cleared and <paramref name="stub"/>
    /// the concatenated body (which may exceed one datagram). <paramref name="now"/> is the caller's
    /// monotonic clock.
    /// </summary>
    public ClReassemblyStatus Add(ClPdu pdu, TimeSpan now, out ClPduHeader? header, out byte[]? stub) =>
        Add(pdu, source: 0, now, out header, out stub);

    /// <summary>
    /// As <see cref="Add(ClPdu, TimeSpan, out ClPduHeader?, out byte[]?)"/>, for fragments from
    /// <paramref name="source"/> (the caller's label for the sender): one source holds at most
    /// <see cref="ClReassemblyBudget.MaxActivitiesPerSource"/> partial calls, and a fragment of an
    /// activity another source started is ignored (<see cref="ClReassemblyStatus.OtherSource"/>).
    /// </summary>
    public ClReassemblyStatus Add(ClPdu pdu, uint source, TimeSpan now, out ClPduHeader? header, out byte[]? stub)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        header = null;
        stub = null;
        var h = pdu.Header;
        if (h.PacketType != ClPacketType.Request)
        {
            return ClReassemblyStatus.NotARequest;
        }

        if (_calls.TryGetValue(h.ActivityId, out var call))
        {
            if (call.Source != source)
            {
                return ClReassemblyStatus.OtherSource;
            }

            if (h.SequenceNumber < call.SequenceNumber)
            {
                return ClReassemblyStatus.Stale;
            }

            if (h.SequenceNumber > call.SequenceNumber || now - call.Started > _budget.MaxAge)
            {
                Drop(h.ActivityId, call);
                call = null;
            }
        }

        if ((h.Flags1 & ClFlags1.Fragment) == 0)
        {
            if (call is not null)
            {
                Drop(h.ActivityId, call);
            }

            header = h;
            stub = pdu.Body.ToArray();
            return ClReassemblyStatus.Complete;
        }

        if (h.FragmentNumber >= _budget.MaxFragmentsPerActivity || pdu.Body.Length > _budget.MaxBytesPerActivity)
        {
            DropIfHeld(h.ActivityId, call);
            return ClReassemblyStatus.TooLarge;
        }

        if (call is null)
        {
            if (_calls.Count >= _budget.MaxActivities || PendingBytes + pdu.Body.Length > _budget.MaxTotalBytes || FromSource(source) >= _budget.MaxActivitiesPerSource)
            {
                Expire(now);
                if (_calls.Count >= _budget.MaxActivities || PendingBytes + pdu.Body.Length > _budget.MaxTotalBytes || FromSource(source) >= _budget.MaxActivitiesPerSource)
                {
                    return ClReassemblyStatus.OverBudget;
                }
            }

            call = new PartialCall(h, now, source);
            _calls.Add(h.ActivityId, call);
        }

        return AddFragment(call, pdu, out header, out stub);
    }

    /// <summary>
    /// What has arrived of call <paramref name="sequence"/> of <paramref name="activity"/>, in the
    /// form of a fack (C706 ch. 12, fack PDU): <paramref name="highestInOrder"/> is the highest fragment
    /// number received with all before it (0xFFFF when fragment 0 is missing), and bit B of
    /// <paramref name="selectiveAcks"/>[W] says fragment highestInOrder + 1 + 32·W + B arrived.
    /// False when no such call is being reassembled.
    /// </summary>
    public bool TryGetReceived(Guid activity, uint sequence, out ushort highestInOrder, out uint[] selectiveAcks)
    {
        highestInOrder = ushort.MaxValue;
        selectiveAcks = [];
        if (!_calls.TryGetValue(activity, out var call) || call.SequenceNumber != sequence)
        {
            return false;
        }

        var next = 0;
        while (call.Fragments.ContainsKey((ushort)next))
        {
            next++;
        }

        highestInOrder = (ushort)(next - 1);
        var above = call.Fragments.Keys.Where(n => n > next).Select(n => n - next).ToList();
        if (above.Count == 0)
        {
            return true;
        }

        // A fack holds at most ClFackBody.MaxSelectiveAcks masks; fragments beyond are simply not acknowledged.
        var masks = new uint[Math.Min((above.Max() / 32) + 1, ClFackBody.MaxSelectiveAcks)];
        foreach (var bit in above.Where(b => b / 32 < masks.Length))
        {
            masks[bit / 32] |= 1u << (bit % 32);
        }

        selectiveAcks = masks;
        return true;
    }

    /// <summary>Drops partial calls older than the budget's <see cref="ClReassemblyBudget.MaxAge"/>; returns how many.</summary>
    public int Expire(TimeSpan now)
    {
        var old = _calls.Where(c => now - c.Value.Started > _budget.MaxAge).ToList();
        foreach (var (activity, call) in old)
        {
            Drop(activity, call);
        }

        return old.Count;
    }

    public void Clear()
    {
        _calls.Clear();
        PendingBytes = 0;
    }

    private ClReassemblyStatus AddFragment(PartialCall call, ClPdu pdu, out ClPduHeader? header, out byte[]? stub)
    {
        header = null;
        stub = null;
        var h = pdu.Header;
        var activity = h.ActivityId;
        var first = call.First;
        if (h.InterfaceId != first.InterfaceId || h.InterfaceVersion != first.InterfaceVersion ||
            h.OperationNumber != first.OperationNumber || h.DataRepresentation != first.DataRepresentation ||
            h.ObjectId != first.ObjectId)
        {
            Drop(activity, call);
            return ClReassemblyStatus.Inconsistent;
        }

        if (call.Fragments.ContainsKey(h.FragmentNumber))
        {
            return ClReassemblyStatus.Duplicate;
        }

        var isLast = (h.Flags1 & ClFlags1.LastFragment) != 0;
        if ((isLast && call.LastFragment is { } last && last != h.FragmentNumber) ||
            (isLast && call.Fragments.Keys.Any(n => n > h.FragmentNumber)) ||
            (call.LastFragment is { } known && h.FragmentNumber > known))
        {
            Drop(activity, call);
            return ClReassemblyStatus.Inconsistent;
        }

        if (call.Bytes + pdu.Body.Length > _budget.MaxBytesPerActivity)
        {
            Drop(activity, call);
            return ClReassemblyStatus.TooLarge;
        }

        if (PendingBytes + pdu.Body.Length > _budget.MaxTotalBytes)
        {
            return ClReassemblyStatus.OverBudget;
        }

        call.Fragments.Add(h.FragmentNumber, pdu.Body.ToArray());
        call.Bytes += pdu.Body.Length;
        PendingBytes += pdu.Body.Length;
        if (isLast)
        {
            call.LastFragment = h.FragmentNumber;
        }

        if (h.FragmentNumber == 0)
        {
            call.First = h;
        }

        if (call.LastFragment is not { } end || call.Fragments.Count != end + 1)
        {
            return ClReassemblyStatus.NeedMore;
        }

        var body = new byte[call.Bytes];
        var offset = 0;
        for (var i = 0; i <= end; i++)
        {
            var fragment = call.Fragments[(ushort)i];
            fragment.CopyTo(body, offset);
            offset += fragment.Length;
        }

        Drop(activity, call);
        header = call.First with { Flags1 = call.First.Flags1 & ~(ClFlags1.Fragment | ClFlags1.LastFragment), FragmentNumber = 0 };
        stub = body;
        return ClReassemblyStatus.Complete;
    }

    private int FromSource(uint source) => _calls.Values.Count(c => c.Source == source);

    private void DropIfHeld(Guid activity, PartialCall? call)
    {
        if (call is not null)
        {
            Drop(activity, call);
        }
    }

    private void Drop(Guid activity, PartialCall call)
    {
        _calls.Remove(activity);
        PendingBytes -= call.Bytes;
    }

    private sealed class PartialCall(ClPduHeader first, TimeSpan started, uint source)
    {
        public uint Source { get; } = source;

        public ClPduHeader First { get; set; } = first;

        public uint SequenceNumber { get; } = first.SequenceNumber;

        public TimeSpan Started { get; } = started;

        public Dictionary<ushort, byte[]> Fragments { get; } = [];

        public int Bytes { get; set; }

        public ushort? LastFragment { get; set; }
    }
}
