using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

/// <summary>
/// What a reader of a report wants to know before the numbers: which experiment, run when, on what. The spec
/// travels with each finished run (<see cref="RunFinished.Spec"/>); the rest comes from the stored runs. Lists
/// hold each distinct value once: one experiment normally ran on one QEMU, but nothing guarantees it.
/// </summary>
public sealed record ExperimentFacts(
    string ExperimentId,
    string? Name,
    string? SpecJson,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? FirstStartedAt,
    DateTimeOffset? LastFinishedAt,
    IReadOnlyList<string> QemuVersions,
    IReadOnlyList<string> Accelerators,
    IReadOnlyList<string> Hosts);
