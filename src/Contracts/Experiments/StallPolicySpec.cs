namespace MigrationAspire.Contracts;

/// <summary>
/// KubeVirt's stall detection (VEP 248, <c>experimental.stallDetection</c>): at each pass boundary, pre-copy has
/// stalled when the remaining bytes are not <see cref="MarginPercent"/> below the smallest value seen at least
/// <see cref="WindowSeconds"/> ago; then it waits for a local minimum and does <see cref="Action"/>.
/// Defaults are KubeVirt's (pkg/virt-config/virt-config.go).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StallPolicySpec
{
    /// <summary>The progress window (KubeVirt's <c>stallProgressTimeout</c>, 40 s; VEP 248 proposed 60 s).</summary>
    [Id(0)] public double WindowSeconds { get; init; } = 40;

    /// <summary>The stall and switch-over margin, in percent (<c>stallMargin</c>, 4 %).</summary>
    [Id(1)] public double MarginPercent { get; init; } = 4;

    /// <summary>Weight of each new throughput sample in the bandwidth estimate (<c>ewmaAlpha</c>, 0.4).</summary>
    [Id(2)] public double EwmaAlpha { get; init; } = 0.4;

    [Id(3)] public StallAction Action { get; init; } = StallAction.RaiseLimit;

    /// <summary>The limit <see cref="StallAction.RaiseLimit"/> sets (KubeVirt's <c>maxDowntimeMs</c>, 900 ms).</summary>
    [Id(4)] public int MaxDowntimeMs { get; init; } = 900;

    /// <summary>Raise-limit cancels when the implied downtime is above max × this (<c>precopyPossibleFactor</c>, 1.5).</summary>
    [Id(5)] public double PrecopyPossibleFactor { get; init; } = 1.5;

    /// <summary>How the wait for a local minimum shrinks each time it is missed (<c>patienceWindowDecayFactor</c>, 0.5).</summary>
    [Id(6)] public double PatienceDecay { get; init; } = 0.5;

    /// <summary>Wait for a local minimum of the remaining bytes before acting (<c>searchLocalMinima</c>, true).</summary>
    [Id(7)] public bool SearchLocalMinima { get; init; } = true;

    /// <summary>After raising the limit, cancel if QEMU has not switched over within this (<c>switchoverTimeout</c>, 60 s).</summary>
    [Id(8)] public double SwitchoverTimeoutSeconds { get; init; } = 60;
}
