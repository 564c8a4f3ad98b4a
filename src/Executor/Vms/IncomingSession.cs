using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Vms;

/// <summary>The destination's side of one migration: where it listens, and what it saw.</summary>
public sealed class IncomingSession(string runId, string sourceHost, MigrationSpec migration)
{
    private readonly TaskCompletionSource<string> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RunId { get; } = runId;
    public string SourceHost { get; } = sourceHost;
    public MigrationSpec Migration { get; } = migration;
    public string Uri { get; set; } = "";

    /// <summary>Host time of the destination's RESUME event: the guest runs here from then on.</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    /// <summary>Host time the destination saw the migration complete: from then on every page is local.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>QEMU's post-copy blocktime figures, read when the migration completed; null when QEMU did not measure them.</summary>
    public long? PostcopyBlocktimeMs { get; set; }
    public IReadOnlyList<long>? PostcopyVcpuBlocktimeMs { get; set; }

    /// <summary>Where this destination last listened again for a paused post-copy (<c>migrate-recover</c>).</summary>
    public string? RecoveryUri { get; set; }

    /// <summary>Completes with QEMU's final status (completed, failed) or the reason the destination died.</summary>
    public Task<string> Outcome => outcome.Task;

    public void Finish(string status) => outcome.TrySetResult(status);
}
