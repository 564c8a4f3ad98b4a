namespace MigrationAspire.Executor.Convergence;

/// <summary>The stall detector's view after the passes so far (VEP 248, "Defining Stall" and "Relaxation").</summary>
public sealed record StallState
{
    /// <summary>When stall was detected; null while pre-copy still makes progress.</summary>
    public double? StalledAtMs { get; init; }

    /// <summary>The smallest remaining bytes among passes that began at least a window before the latest one.</summary>
    public long? OutsideWindowMinimum { get; init; }

    /// <summary>The switch-over target: the smallest remaining bytes seen when stall was detected, raised by relaxations.</summary>
    public long? BestRemainingBytes { get; init; }

    /// <summary>How often the target was raised because the wait for it ran out.</summary>
    public int Relaxations { get; init; }

    /// <summary>The latest pass's remaining bytes are within the margin above the target.</summary>
    public bool AtLocalMinimum { get; init; }

    public bool Stalled => StalledAtMs is not null;
}
