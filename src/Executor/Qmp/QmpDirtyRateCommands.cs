namespace MigrationAspire.Executor.Qmp;

/// <summary>
/// QEMU's own dirty-rate estimate, outside a migration. Under TCG only
/// <see cref="DirtyRateMode.PageSampling"/> is usable (see <see cref="DirtyRateMode"/>), and it is
/// noisy: 10 to 26 MiB/s for a guest dirtying 20 MiB/s. During a migration,
/// <see cref="MigrationRamStats.DirtyPagesRate"/> is the accurate figure.
/// </summary>
public static class QmpDirtyRateCommands
{
    /// <summary>Starts a measurement over <paramref name="calcTimeSeconds"/>; poll with <see cref="QueryDirtyRateAsync"/>.</summary>
    /// <param name="samplePages">Pages sampled per GiB (page-sampling only; QEMU's default is 512).</param>
    public static Task CalcDirtyRateAsync(
        this QmpClient client,
        int calcTimeSeconds,
        int? samplePages = null,
        string mode = DirtyRateMode.PageSampling,
        CancellationToken cancellationToken = default) =>
        client.ExecuteAsync(
            "calc-dirty-rate",
            new { CalcTime = calcTimeSeconds, SamplePages = samplePages, Mode = mode },
            cancellationToken: cancellationToken);

    public static Task<DirtyRateInfo> QueryDirtyRateAsync(this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync<DirtyRateInfo>("query-dirty-rate", cancellationToken: cancellationToken);
}
