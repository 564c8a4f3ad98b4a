namespace MigrationAspire.Contracts;

/// <summary>Who moves QEMU's downtime limit, or switches mode, while pre-copy runs (docs/convergence-policies.md).</summary>
[GenerateSerializer]
public enum ConvergencePolicyKind
{
    /// <summary>QEMU's downtime limit as given, for the whole migration.</summary>
    Static,
    /// <summary>OpenStack Nova: the limit rises in linear steps over time, scaled by the guest's size.</summary>
    Stepped,
    /// <summary>KubeVirt VEP 291: the limit rises in equal steps after a few passes, with a cooldown between steps.</summary>
    Ramp,
    /// <summary>KubeVirt VEP 248: act once the remaining bytes stop falling, at a local minimum.</summary>
    Stall,
}
