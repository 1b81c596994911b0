using Messngr.Daemon.Core;
using Messngr.Daemon.Names;
using Messngr.Daemon.Resolution;

namespace Messngr.Daemon.Tests.Core;

public sealed class NetBiosTimersTests
{
    [Fact]
    public void The_registrar_and_the_resolver_use_the_same_RFC_1002_timers()
    {
        var names = new NameServiceSettings();
        var resolution = new ResolutionSettings();
        Assert.Equal(
            (names.BroadcastRetryTimeout, names.BroadcastRetryCount, names.UnicastRetryTimeout, names.UnicastRetryCount, names.MaximumWack),
            (resolution.BroadcastRetryTimeout, resolution.BroadcastRetryCount, resolution.UnicastRetryTimeout, resolution.UnicastRetryCount, resolution.MaximumWack));
        Assert.Equal(TimeSpan.FromMilliseconds(250), NetBiosTimers.BroadcastRetryTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), NetBiosTimers.UnicastRetryTimeout); // [MS-NBTE] 3.1.2
    }
}
