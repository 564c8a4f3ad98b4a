using System.Text.Json;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

/// <summary>One stored run as the runs route shows it: its swept values as a map, its plan and its result.</summary>
public sealed record StoredRun
{
    public required string RunId { get; init; }
    public required string ExperimentId { get; init; }
    public required int Index { get; init; }
    public required int Repetition { get; init; }
    public required string GroupKey { get; init; }
    public required IReadOnlyDictionary<string, JsonElement> Parameters { get; init; }
    public required RunStatus Status { get; init; }
    public RunStep? FailedStep { get; init; }
    public string? FailureReason { get; init; }
    public required string SourceHost { get; init; }
    public required string DestinationHost { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required RunPlan Plan { get; init; }
    public MigrationResult? Result { get; init; }
}
