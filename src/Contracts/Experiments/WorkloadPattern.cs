namespace MigrationAspire.Contracts;

/// <summary>How the in-guest workload picks the next page to write.</summary>
[GenerateSerializer]
public enum WorkloadPattern
{
    /// <summary>Pages in index order, wrapping around the working set.</summary>
    Sequential,
    /// <summary>Uniformly random pages.</summary>
    Random,
    /// <summary>A fraction of the working set takes most of the writes.</summary>
    Hotspot,
    /// <summary>The seed study's load test: the whole working set is rewritten every interval.</summary>
    Sweep,
}
