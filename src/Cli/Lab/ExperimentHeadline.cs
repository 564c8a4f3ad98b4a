using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Lab;

/// <summary>
/// What the lab says of an experiment in its list and in the <c>status</c> event of its live stream (the API's
/// <c>ExperimentSummary</c>): status and progress without the spec.
/// </summary>
internal sealed record ExperimentHeadline
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required ExperimentStatus Status { get; init; }
    public required RunCounts Runs { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Reason { get; init; }
    public int? QueuePosition { get; init; }

    public int Finished => Runs.Completed + Runs.Failed + Runs.Cancelled;

    public static ExperimentHeadline From(ExperimentView view) => new()
    {
        Id = view.Id, Name = view.Name, Status = view.Status, Runs = view.Runs, CreatedAt = view.CreatedAt,
        StartedAt = view.StartedAt, FinishedAt = view.FinishedAt, Reason = view.Reason, QueuePosition = view.QueuePosition,
    };
}
