namespace MigrationAspire.Analytics.Studies;

/// <summary>What the measured numbers say of a seed claim.</summary>
public enum Verdict
{
    Confirmed,
    Contradicted,

    /// <summary>The interval admits both: more repetitions or points could decide it.</summary>
    Inconclusive,
}
