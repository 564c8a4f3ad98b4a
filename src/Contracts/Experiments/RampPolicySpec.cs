namespace MigrationAspire.Contracts;

/// <summary>
/// KubeVirt's dynamic downtime tuning (VEP 291, <c>spec.experimental.downtimeTuning</c>): start low, then from
/// pass <see cref="StartAfterPass"/> on raise the limit by one equal step per cooldown until <see cref="MaxMs"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RampPolicySpec
{
    /// <summary>The limit set before the migration starts (VEP 291 <c>initialMs</c>, 150 ms).</summary>
    [Id(0)] public int InitialMs { get; init; } = 150;

    /// <summary>The ceiling (KubeVirt's <c>maxDowntimeMs</c>, 900 ms by default).</summary>
    [Id(1)] public int MaxMs { get; init; } = 900;

    /// <summary>Equal steps from <see cref="InitialMs"/> to <see cref="MaxMs"/> (VEP 291 <c>steps</c>, 7).</summary>
    [Id(2)] public int Steps { get; init; } = 7;

    /// <summary>The cooldown starts once the pass count reaches this (VEP 291 <c>startAfterIteration</c>, 3).</summary>
    [Id(3)] public int StartAfterPass { get; init; } = 3;

    /// <summary>Least time between two steps (VEP 291 <c>cooldownSeconds</c>, 10 s).</summary>
    [Id(4)] public double CooldownSeconds { get; init; } = 10;
}
