namespace MigrationAspire.Executor.Qmp;

/// <summary>
/// The reply of <c>query-dirty-rate</c>. <see cref="Status"/> is <c>unstarted</c>, <c>measuring</c> or
/// <c>measured</c>; <see cref="DirtyRate"/> (MiB/s) is present only once measured.
/// <see cref="CalcTime"/> is in <see cref="CalcTimeUnit"/> (<c>second</c> unless asked otherwise).
/// </summary>
public sealed record DirtyRateInfo(
    string Status,
    long? DirtyRate,
    long StartTime,
    long CalcTime,
    string? CalcTimeUnit,
    long SamplePages,
    string Mode,
    IReadOnlyList<VcpuDirtyRate>? VcpuDirtyRate);

public sealed record VcpuDirtyRate(long Id, long DirtyRate);

/// <summary>Modes of <c>calc-dirty-rate</c>.</summary>
public static class DirtyRateMode
{
    /// <summary>Hashes sampled pages; the only mode that measures anything under TCG, but noisy.</summary>
    public const string PageSampling = "page-sampling";

    /// <summary>Needs KVM with the dirty ring enabled; otherwise QEMU refuses with GenericError.</summary>
    public const string DirtyRing = "dirty-ring";

    /// <summary>
    /// Never under TCG: it has been seen to abort QEMU (docs/machine-facts.md, "Dirty-rate measurement"), and QEMU 10.0.2 here
    /// reported 0 MiB/s for a guest dirtying 20 MiB/s. Use only under KVM.
    /// </summary>
    public const string DirtyBitmap = "dirty-bitmap";
}
