using MigrationAspire.Analytics.Statistics;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Model;

/// <summary>The pre-copy model's prediction for a group and how far the group's completed runs were from it.</summary>
public sealed record ModelSummary
{
    /// <summary>Why there is no prediction; null when there is one.</summary>
    public string? Unavailable { get; init; }

    public ModelInputView? Inputs { get; init; }

    public ModelPredictionView? Prediction { get; init; }

    /// <summary>Per compared metric (totalTimeMs, downtimeMs, precopyTimeMs, transferredBytes) with a prediction.</summary>
    public IReadOnlyDictionary<string, ModelError> Errors { get; init; } = new Dictionary<string, ModelError>();

    /// <summary>What is missing from the prediction and why, e.g. a time beyond a double.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

public sealed record ModelInputView(
    double MemoryBytes, double WorkingSetBytes, double DirtyRateBytesPerSecond, double BandwidthBytesPerSecond,
    double DowntimeLimitMs, int MaxPasses, MigrationMode Mode);

/// <summary>The predicted figures; a figure beyond a double's range is null (see <see cref="ModelSummary.Notes"/>).</summary>
public sealed record ModelPredictionView(
    ModelOutcome Outcome, int PrecopyPasses, double? TotalTimeMs, double? DowntimeMs, double? PrecopyTimeMs, double? TransferredBytes);

/// <summary>
/// Mean relative error |p − m| / |m| over the runs that did not measure 0 (<see cref="RelativeN"/> of them),
/// and the mean signed error p − m over all <see cref="N"/> runs (positive: the model overestimates).
/// </summary>
public sealed record ModelError(int N, int RelativeN, double? MeanRelativeError, double? MeanError, double? MeanAbsoluteError);
