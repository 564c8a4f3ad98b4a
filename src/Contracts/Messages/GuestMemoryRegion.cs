namespace MigrationAspire.Contracts;

/// <summary>Which of the pages a guest's workload checks: its working set, its resident memory, or both.</summary>
public enum GuestMemoryRegion
{
    All,
    WorkingSet,
    Resident,
}
