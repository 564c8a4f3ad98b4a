using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// The pre-migration dirty-rate probe (the seed study's "proof of load test"): QMP <c>calc-dirty-rate</c> in
/// page-sampling mode. Never dirty-bitmap: under TCG it aborts some QEMU builds and reads 0 on others.
/// </summary>
public static class DirtyRateProbe
{
    // Many samples: the default 512 per GiB reads a 128 MiB working set to ±30 %.
    private const int SamplePagesPerGiB = 16384;
    private const int PagesPerMiB = 256;

    /// <summary>Pages per second; null when QEMU could not measure.</summary>
    public static async Task<double?> MeasureAsync(QmpClient qmp, TimeSpan calcTime, CancellationToken cancellationToken)
    {
        try
        {
            await qmp.CalcDirtyRateAsync((int)Math.Ceiling(calcTime.TotalSeconds), SamplePagesPerGiB, DirtyRateMode.PageSampling, cancellationToken);
            await Task.Delay(calcTime, cancellationToken);
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var result = await qmp.QueryDirtyRateAsync(cancellationToken);
                if (result.Status == "measured")
                    return result.DirtyRate is { } mibPerSecond ? mibPerSecond * (double)PagesPerMiB : null;
                await Task.Delay(100, cancellationToken);
            }
            return null;
        }
        catch (QmpException)
        {
            return null;
        }
    }
}
