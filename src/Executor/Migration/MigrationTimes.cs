namespace MigrationAspire.Executor.Migration;

/// <summary>Host-clock instants of one migration, as the source saw them.</summary>
public sealed record MigrationTimes(
    DateTimeOffset StartedAt,
    DateTimeOffset MigrateAt,
    DateTimeOffset? LabStoppedAt);
