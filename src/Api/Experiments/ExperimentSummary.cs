using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Experiments;

/// <summary>One line of the experiment list: status and progress without the spec.</summary>
public sealed record ExperimentSummary
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required ExperimentStatus Status { get; init; }
    public required RunCounts Runs { get; init; }

    /// <summary>Finished runs (completed, failed or cancelled) over all runs, 0–1.</summary>
    public required double Progress { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Reason { get; init; }

    /// <summary>Place in the lab's admission queue, 1 = admitted next; null once admitted or final.</summary>
    public int? QueuePosition { get; init; }

    public DateTimeOffset? QueuedSince { get; init; }

    public static ExperimentSummary From(ExperimentView view) => new()
    {
        Id = view.Id,
        Name = view.Name,
        Status = view.Status,
        Runs = view.Runs,
        Progress = view.Runs.Total == 0 ? 0
            : Math.Round((double)(view.Runs.Completed + view.Runs.Failed + view.Runs.Cancelled) / view.Runs.Total, 4),
        CreatedAt = view.CreatedAt,
        StartedAt = view.StartedAt,
        FinishedAt = view.FinishedAt,
        Reason = view.Reason,
        QueuePosition = view.QueuePosition,
        QueuedSince = view.QueuedSince,
    };
}
