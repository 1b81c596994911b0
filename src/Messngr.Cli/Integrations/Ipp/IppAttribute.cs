namespace Messngr.Cli.Integrations.Ipp;

/// <summary>One top-level attribute of an IPP message: its group, its first value's tag and bytes, and how many values it has.</summary>
internal sealed record IppAttribute(byte Group, string Name, byte ValueTag, ReadOnlyMemory<byte> Value, int ValueCount);
