namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// The tests that share one <see cref="Lab"/>. xunit runs a collection's tests one after another,
/// so the shared HOSTA messngr and Samba on HOSTB see one test at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<Lab>
{
    public const string Name = "network namespace lab";
}
