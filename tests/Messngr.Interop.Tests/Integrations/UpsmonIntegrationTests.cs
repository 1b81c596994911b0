namespace Messngr.Interop.Tests.Integrations;

/// <summary>
/// NUT's real upsmon (issue #15, item 4): with NOTIFYCMD "messngr upsmon-notify" and NOTIFYFLAG
/// ONBATT EXEC it runs messngr when the UPS goes on battery (<see cref="DummyUps"/>); the alert
/// names' serve shows upsmon's text.
/// </summary>
[Collection(DummyUps.Collection)]
public sealed class UpsmonIntegrationTests : IDisposable
{
    private readonly IntegrationCaller _caller = new("upsmon");

    public void Dispose() => _caller.Dispose();

    [Fact]
    public void Upsmon_on_battery_runs_notifycmd_and_the_alert_names_get_upsmon_s_message()
    {
        var ups = DummyUps.Start(_caller, $"{_caller.Messngr} upsmon-notify");

        ups.OnBattery();

        var output = _caller.Serve.WaitForOutput($"UPS {ups.Name} on battery", TimeSpan.FromSeconds(90));
        Assert.Contains($"to {IntegrationCaller.AlertName}", output, StringComparison.Ordinal);
    }
}
