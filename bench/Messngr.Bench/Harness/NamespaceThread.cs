using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Messngr.Bench.Harness;

/// <summary>
/// A dedicated thread that entered one network namespace with setns(2) and runs the work posted
/// to it. A thread's network namespace is its own, and a socket keeps the namespace it was created
/// in: create sockets here (<see cref="BenchLab.CreateSocket"/>) and use them from any thread.
/// No pool thread is ever moved.
/// </summary>
internal sealed partial class NamespaceThread : IDisposable
{
    // <sched.h>
    private const int CloneNewNet = 0x40000000;

    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NamespaceThread(string ns)
    {
        Namespace = ns;
        _thread = new Thread(Run) { IsBackground = true, Name = $"netns {ns}" };
        _thread.Start();
        _entered.Task.GetAwaiter().GetResult();
    }

    public string Namespace { get; }

    /// <summary>Runs <paramref name="action"/> on the namespace thread and waits for its result.</summary>
    public T Invoke<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(action());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(5_000);
        _work.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    private void Run()
    {
        try
        {
            using var handle = File.OpenHandle($"/run/netns/{Namespace}");
            if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
            {
                throw new InvalidOperationException($"setns into {Namespace} failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        catch (Exception ex)
        {
            _entered.SetException(ex);
            return;
        }

        _entered.SetResult();
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }
}
