namespace MigrationAspire.Contracts;

/// <summary>QEMU's auto-converge: throttle the guest's vCPUs when pre-copy does not converge.</summary>
[GenerateSerializer, Immutable]
public sealed record AutoConvergeSpec
{
    [Id(0)] public int InitialThrottlePercent { get; init; } = 20;
    [Id(1)] public int IncrementPercent { get; init; } = 10;
}
