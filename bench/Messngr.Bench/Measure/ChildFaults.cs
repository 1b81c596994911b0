using System.Runtime.InteropServices;

namespace Messngr.Bench.Measure;

/// <summary>
/// Page faults of the children this process has reaped: <c>getrusage(RUSAGE_CHILDREN)</c>'s
/// <c>ru_minflt</c> + <c>ru_majflt</c> (getrusage(2)). Read before and after one short-lived child
/// that is started, waited for and reaped alone (<see cref="ProcessTimer"/>), the difference is that
/// child's faults (issue #15, item 8: start-up for scripts). The long-running peers are reaped only
/// at the end of the run, so they do not count.
/// </summary>
internal static partial class ChildFaults
{
    private const int RusageChildren = -1;

    /// <summary>struct rusage on x86-64 Linux: two timevals (4 longs), then 14 longs; ru_minflt is long 8, ru_majflt long 9.</summary>
    private const int RusageLongs = 18;

    public static unsafe long Read()
    {
        var usage = stackalloc long[RusageLongs];
        return getrusage(RusageChildren, usage) == 0 ? usage[8] + usage[9] : -1;
    }

    [LibraryImport("libc")]
    private static unsafe partial int getrusage(int who, long* usage);
}
