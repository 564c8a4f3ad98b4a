namespace MigrationAspire.Contracts;

/// <summary>
/// OpenStack Nova's downtime steps (nova/virt/libvirt/migration.py <c>downtime_steps</c>): the limit goes from
/// downtime/steps to downtime in <see cref="Steps"/> linear steps, one every delay × GiB seconds.
/// Defaults are Nova's <c>[libvirt]</c> options.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SteppedPolicySpec
{
    /// <summary>The limit the last step sets (Nova's <c>live_migration_downtime</c>, 500 ms).</summary>
    [Id(0)] public int DowntimeMs { get; init; } = 500;

    /// <summary>Steps after the first (Nova's <c>live_migration_downtime_steps</c>, 10).</summary>
    [Id(1)] public int Steps { get; init; } = 10;

    /// <summary>Seconds between steps per GiB of guest memory (Nova's <c>live_migration_downtime_delay</c>, 75).</summary>
    [Id(2)] public double DelaySecondsPerGiB { get; init; } = 75;

    /// <summary>Nova counts a guest smaller than this as this size (its lower bound of 2 GiB).</summary>
    [Id(3)] public double MinimumGiB { get; init; } = 2;
}
