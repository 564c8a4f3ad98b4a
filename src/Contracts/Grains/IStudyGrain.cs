namespace MigrationAspire.Contracts;

/// <summary>A study: the experiments of a preset, run one after another under one id and status. Key: study id.</summary>
public interface IStudyGrain : IGrainWithStringKey
{
    /// <summary>Stores the preset and starts its first experiment. Creating it again with the same preset is a no-op.</summary>
    /// <exception cref="ArgumentException">The id is taken by another preset.</exception>
    ValueTask<StudyView> Create(StudyPreset preset);

    /// <summary>Null when no study has this id.</summary>
    ValueTask<StudyView?> Get();

    /// <summary>The running experiment is cancelled, later ones never start; finished experiments are kept.</summary>
    ValueTask<StudyView?> Cancel(string reason);
}
