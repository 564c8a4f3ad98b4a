namespace MigrationAspire.Executor.Qmp;

/// <summary>An element of <c>migrate-set-capabilities</c> and of <c>query-migrate-capabilities</c>.</summary>
public sealed record MigrationCapabilityState(string Capability, bool State);

/// <summary>Migration capability names, as QEMU 10.0 spells them.</summary>
public static class MigrationCapability
{
    public const string Xbzrle = "xbzrle";
    public const string AutoConverge = "auto-converge";
    public const string Events = "events";
    public const string PostcopyRam = "postcopy-ram";
    public const string PostcopyPreempt = "postcopy-preempt";
    public const string PostcopyBlocktime = "postcopy-blocktime";
    public const string ReturnPath = "return-path";
    public const string PauseBeforeSwitchover = "pause-before-switchover";
    public const string Multifd = "multifd";
    public const string ZeroCopySend = "zero-copy-send";
    public const string SwitchoverAck = "switchover-ack";
    public const string DirtyLimit = "dirty-limit";
    public const string ReleaseRam = "release-ram";
    public const string ValidateUuid = "validate-uuid";
}
