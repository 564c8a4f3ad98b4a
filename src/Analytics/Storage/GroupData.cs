using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Storage;

/// <summary>How many runs of a group (or experiment) ended which way.</summary>
public sealed record RunTally(int Total, int Completed, int Failed, int Cancelled)
{
    public static RunTally Sum(IEnumerable<RunTally> tallies) => tallies.Aggregate(
        new RunTally(0, 0, 0, 0),
        (a, b) => new RunTally(a.Total + b.Total, a.Completed + b.Completed, a.Failed + b.Failed, a.Cancelled + b.Cancelled));
}

/// <summary>
/// A sweep group as stored: the runs that share their swept values. <see cref="Values"/> holds, per
/// summarized metric, the values of the completed runs only, in run order; failed runs are only counted.
/// Runs of one group come from one spec with the same swept values, so they share one plan apart from
/// their ids; <see cref="Plan"/> is that of the group's first run.
/// </summary>
public sealed record GroupData(
    string Key,
    int FirstIndex,
    RunTally Counts,
    IReadOnlyList<RunParameter> Parameters,
    RunPlan Plan,
    string? FirstCompletedRunId,
    IReadOnlyDictionary<string, double[]> Values);
