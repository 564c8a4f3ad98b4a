namespace MigrationAspire.Contracts;

/// <summary>
/// The experiments of a seed study. One experiment can feed several figures: the VM-size experiment sweeps both modes,
/// so 5.2, 5.3 and 5.4 (and the 5.3-vs-5.4 contradiction) are read from the same runs.
/// </summary>
[GenerateSerializer]
public enum SeedExperiment
{
    /// <summary>5.1: pre-copy against the link's bandwidth.</summary>
    Bandwidth,

    /// <summary>5.2, 5.3, 5.4: both modes against the VM's size.</summary>
    VmSize,

    /// <summary>5.5: the load test's working set against the dirty rate QEMU measures.</summary>
    LoadTest,

    /// <summary>5.6: pre-copy against the guest's dirty rate.</summary>
    DirtyRate,
}

public static class SeedExperimentIds
{
    /// <summary>An experiment of a study has the id <c>{studyId}-{experiment}</c>, so analytics finds it from the study id alone.</summary>
    public static string For(string studyId, SeedExperiment experiment) => $"{studyId}-{Suffix(experiment)}";

    public static string Suffix(SeedExperiment experiment) => experiment switch
    {
        SeedExperiment.Bandwidth => "bandwidth",
        SeedExperiment.VmSize => "vmsize",
        SeedExperiment.LoadTest => "loadtest",
        _ => "dirtyrate",
    };
}
