namespace MigrationAspire.Api.Experiments;

/// <summary>One page of <c>GET /api/experiments</c>, newest first.</summary>
public sealed record ExperimentPage
{
    public required IReadOnlyList<ExperimentSummary> Items { get; init; }

    /// <summary>Experiments in the whole list, on every page.</summary>
    public required int Total { get; init; }

    /// <summary>The following page, with the same limit; null on the last page.</summary>
    public string? Next { get; init; }
}
