namespace MigrationAspire.Contracts;

/// <summary>
/// QEMU's migration statuses, as <c>query-migrate</c> and the <c>MIGRATION</c> event report them and as every live
/// sample carries them (the last sample of a run has a final one).
/// </summary>
public static class MigrationStatus
{
    public const string None = "none";
    public const string Setup = "setup";
    public const string Active = "active";
    public const string PostcopyActive = "postcopy-active";
    public const string PostcopyPaused = "postcopy-paused";
    public const string PreSwitchover = "pre-switchover";
    public const string Device = "device";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>No further status change will happen without a new command.</summary>
    public static bool IsFinal(string? status) => status is Completed or Failed or Cancelled;
}
