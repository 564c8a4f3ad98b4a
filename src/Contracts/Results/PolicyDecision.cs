namespace MigrationAspire.Contracts;

/// <summary>One decision of a run's convergence policy, kept in the run's history when it asked for an action.</summary>
[GenerateSerializer, Immutable]
public sealed record PolicyDecision
{
    /// <summary>Milliseconds since <c>migrate</c> was issued: the sample the decision was made at.</summary>
    [Id(0)] public required double AtMs { get; init; }

    /// <summary>The pass (QEMU's dirty-sync-count) in progress then.</summary>
    [Id(1)] public required long Pass { get; init; }

    [Id(2)] public required ConvergenceAction Action { get; init; }

    /// <summary>The new limit, for <see cref="ConvergenceAction.SetDowntimeLimit"/> only.</summary>
    [Id(3)] public long? DowntimeLimitMs { get; init; }

    /// <summary>Why, in words, with the figures the rule compared, e.g. "Nova step 3 of 10: 675 s elapsed".</summary>
    [Id(4)] public required string Reason { get; init; }
}
