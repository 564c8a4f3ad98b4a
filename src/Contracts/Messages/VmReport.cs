namespace MigrationAspire.Contracts;

/// <summary>One QEMU instance an executor runs, as reported in its heartbeat.</summary>
public sealed record VmReport
{
    public required string VmId { get; init; }
    /// <summary>running, incoming, migrating, paused, …</summary>
    public required string State { get; init; }
    public string? RunId { get; init; }
    public required int MemoryMiB { get; init; }
}
