namespace MigrationAspire.Executor.Qmp;

/// <summary>
/// The reply of <c>query-status</c>. <see cref="Status"/> is e.g. <c>running</c>, <c>paused</c>,
/// <c>inmigrate</c> (destination waiting), <c>postmigrate</c> (source after completion),
/// <c>finish-migrate</c>, <c>prelaunch</c>, <c>shutdown</c>, <c>guest-panicked</c>.
/// </summary>
public sealed record VmStatusInfo(bool Running, string Status);
