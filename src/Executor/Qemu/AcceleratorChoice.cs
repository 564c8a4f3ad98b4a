namespace MigrationAspire.Executor.Qemu;

/// <summary>Which accelerator this host uses, and why: users must know whether timings are KVM's or TCG's.</summary>
public sealed record AcceleratorChoice(string Accelerator, string Reason, string QemuVersion);
