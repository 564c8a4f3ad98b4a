using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// One reading of the probe: the guest dirtied at least <see cref="PagesPerSecond"/> and fewer than
/// <see cref="PagesPerSecond"/> + <see cref="ResolutionPagesPerSecond"/> pages/s. <see cref="PagesPerSecond"/> is
/// null when the reading was below the resolution: "fewer than <see cref="ResolutionPagesPerSecond"/>", not 0.
/// </summary>
public sealed record DirtyRateReading(double? PagesPerSecond, double ResolutionPagesPerSecond);

/// <summary>
/// The pre-migration dirty-rate probe (the seed study's "proof of load test"): QMP <c>calc-dirty-rate</c> in
/// page-sampling mode. Never dirty-bitmap: under TCG it aborts some QEMU builds and reads 0 on others.
/// </summary>
public static class DirtyRateProbe
{
    // Many samples: the default 512 per GiB reads a 128 MiB working set to ±30 %.
    private const int SamplePagesPerGiB = 16384;
    private const int PagesPerMiB = 256;

    /// <summary>
    /// QEMU answers in whole MiB/s, rounded down (migration/dirtyrate.c divides integers), whatever the sampling
    /// time: a longer probe would not read finer, so the resolution goes with the figure.
    /// </summary>
    public const double ResolutionPagesPerSecond = PagesPerMiB;

    /// <summary>How long one probe samples the guest, before a migration or during the destination's check.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    // QEMU's calc thread finishes just after the window: asked this often, a reading is taken within ~20 ms of it.
    private static readonly TimeSpan AskEvery = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan AskFor = TimeSpan.FromSeconds(5);

    /// <summary>The reading; null when QEMU could not measure.</summary>
    public static async Task<DirtyRateReading?> MeasureAsync(QmpClient qmp, TimeSpan calcTime, CancellationToken cancellationToken)
    {
        try
        {
            await qmp.CalcDirtyRateAsync((int)Math.Ceiling(calcTime.TotalSeconds), SamplePagesPerGiB, DirtyRateMode.PageSampling, cancellationToken);
            await Task.Delay(calcTime, cancellationToken);
            for (var asked = TimeSpan.Zero; asked < AskFor; asked += AskEvery)
            {
                var result = await qmp.QueryDirtyRateAsync(cancellationToken);
                if (result.Status == "measured")
                    return result.DirtyRate is { } mibPerSecond ? Reading(mibPerSecond) : null;
                await Task.Delay(AskEvery, cancellationToken);
            }
            return null;
        }
        catch (QmpException)
        {
            return null;
        }
    }

    /// <summary>QEMU's whole MiB/s as pages/s, with 0 read as "below the resolution".</summary>
    public static DirtyRateReading Reading(long mibPerSecond) =>
        new(mibPerSecond > 0 ? mibPerSecond * (double)PagesPerMiB : null, ResolutionPagesPerSecond);
}
