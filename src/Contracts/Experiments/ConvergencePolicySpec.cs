namespace MigrationAspire.Contracts;

/// <summary>
/// The convergence policy of a run: <see cref="Kind"/> chooses it, and each kind reads only its own settings.
/// Every kind's settings are always there with the clouds' defaults, so one spec can sweep
/// <c>migration.policy.kind</c> and each run gets its kind's defaults; the settings of the other kinds are unused.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConvergencePolicySpec
{
    [Id(0)] public ConvergencePolicyKind Kind { get; init; } = ConvergencePolicyKind.Static;
    [Id(1)] public SteppedPolicySpec Stepped { get; init; } = new();
    [Id(2)] public RampPolicySpec Ramp { get; init; } = new();
    [Id(3)] public StallPolicySpec Stall { get; init; } = new();
}
