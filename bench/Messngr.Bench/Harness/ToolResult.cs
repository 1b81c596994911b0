namespace Messngr.Bench.Harness;

/// <summary>What a finished short-lived command left: exit code and both streams.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error);
