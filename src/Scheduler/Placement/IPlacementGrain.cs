namespace MigrationAspire.Scheduler.Placement;

/// <summary>
/// Chooses hosts among the live ones with room, one decision at a time (a single grain, key "all"), and
/// holds a lease per VM until its step is done so two VMs never take the same free memory or host pair.
/// </summary>
public interface IPlacementGrain : IGrainWithStringKey
{
    const string Key = "all";

    Task<PlacementDecision> PlaceBoot(string vmId, int memoryMiB);

    /// <summary>A destination for a VM on <paramref name="sourceHost"/>; <paramref name="preferred"/> (where it came from) wins when it can take it, so repetitions ping-pong.</summary>
    /// <param name="maxTimeSeconds">The migration's own time limit: the host pair stays leased for as long as the migration may take.</param>
    Task<PlacementDecision> PlaceMigration(string vmId, int memoryMiB, string sourceHost, string? preferred, double maxTimeSeconds);

    Task Release(string vmId);
}
