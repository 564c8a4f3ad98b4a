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
    /// <summary>Post-copy lost its stream (link down, or <c>migrate-pause</c>); both sides wait for a recovery.</summary>
    public const string PostcopyPaused = "postcopy-paused";
    /// <summary>The source's <c>migrate</c> with <c>resume</c> is connecting to the destination's new listener.</summary>
    public const string PostcopyRecoverSetup = "postcopy-recover-setup";
    /// <summary>Connected again; the two sides exchange which pages the destination got, then post-copy goes on.</summary>
    public const string PostcopyRecover = "postcopy-recover";
    public const string PreSwitchover = "pre-switchover";
    public const string Device = "device";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>No further status change will happen without a new command.</summary>
    public static bool IsFinal(string? status) => status is Completed or Failed or Cancelled;
}
