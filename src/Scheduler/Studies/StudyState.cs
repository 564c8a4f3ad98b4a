using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Studies;

[GenerateSerializer]
public sealed class StudyState
{
    [Id(0)] public StudyPreset? Preset { get; set; }
    [Id(1)] public ExperimentStatus Status { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(4)] public string? Reason { get; set; }
    /// <summary>The position in the preset of the experiment running now (or next); its count once all have ended.</summary>
    [Id(5)] public int Current { get; set; }
    [Id(6)] public bool CancelRequested { get; set; }
    /// <summary>How each experiment ended, in run order: the study's final status is decided from these.</summary>
    [Id(7)] public List<ExperimentStatus> Ended { get; set; } = [];
}
