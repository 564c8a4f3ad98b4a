namespace MigrationAspire.Contracts;

/// <summary>Where a running run is in the migration protocol.</summary>
[GenerateSerializer]
public enum RunStep
{
    Waiting,
    Booting,
    Preparing,
    Migrating,
    Finishing,
}
