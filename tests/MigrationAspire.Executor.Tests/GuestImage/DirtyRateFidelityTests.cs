using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;
using Xunit.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// The seed study's "proof of load test": the guest dirties memory at the rate it was asked for, as QEMU
/// itself measures it, and the sweep pattern's dirty rate grows with its working set.
/// </summary>
[Collection(GuestCollection.Name)]
public sealed class DirtyRateFidelityTests(SharedGuest shared, ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    // ~7.8 MiB/s of writes under a constant 20 MiB/s cap and QEMU's default 300 ms downtime limit: passes of ~9 s,
    // ~4 s, ~1.5 s (16 s would be one trip around the working set), then it converges. No mid-migration change that a
    // stalled host could make late: a cap set only from the second pass lost that race once (the ~0.1 s second pass
    // at 128 MiB/s converged first), and a cap near 7.8 MiB/s gave passes of ~1 s that re-count the guest kernel's
    // busy pages (+4 to +7 %).
    private static readonly PrecopyPacing SlowPacing = new(20 * MiB, null, 300);

    // ~78 MiB/s of writes: the first pass at QEMU's default 128 MiB/s, then 1.25 × the writes (~98 MiB/s), so passes
    // start at ~1.3 s (below the 1.6 s trip) and shrink slowly; the 20 ms downtime limit leaves too little unsent at a
    // sync to hide rewritten pages. Here a late cap is harmless: the second pass lasts ~1 s even at 128 MiB/s.
    private static readonly PrecopyPacing BusyPacing = new(128 * MiB, (long)(SharedGuest.BusyRate * GuestQemu.PageSize * 1.25), 20);

    [Fact]
    public async Task Query_migrate_dirty_rate_sequential_2000_pages_per_second_within_ten_percent_of_target()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        var booted = await GuestQemu.BootAsync(shared.WorkDirectory, "slow", GuestQemu.Sequential(2_000), GuestTimeouts.Boot, timeout.Token);
        await using var source = booted.Qemu;
        var measured = await DirtyRateDuringMigration.MeasureAsync(source, shared.WorkDirectory, 2_000, SlowPacing, output, timeout.Token);
        await using var _ = measured.Successor;

        AssertWithinTenPercent(2_000, measured);
    }

    [Fact]
    public async Task Query_migrate_dirty_rate_sequential_20000_pages_per_second_within_ten_percent_of_target()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        var source = await shared.BusyAsync(timeout.Token);
        var measured = await DirtyRateDuringMigration.MeasureAsync(source, shared.WorkDirectory, SharedGuest.BusyRate, BusyPacing, output, timeout.Token);
        if (measured.Successor is not null)
            await shared.ReplaceBusyAsync(measured.Successor);

        AssertWithinTenPercent(SharedGuest.BusyRate, measured);
    }

    [Fact]
    public async Task Calc_dirty_rate_sweep_over_32_to_128_MiB_grows_with_the_working_set()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        int[] workingSets = [32, 64, 128];
        var guests = new List<BootedGuest>();
        try
        {
            // Booted side by side (a sweep guest idles between sweeps), measured one after another.
            var boots = workingSets.Select(ws => GuestQemu.BootAsync(shared.WorkDirectory, $"sweep{ws}", GuestQemu.Sweep(ws), GuestTimeouts.Boot * 2, timeout.Token)).ToList();
            try
            {
                await Task.WhenAll(boots);
            }
            finally
            {
                guests.AddRange(boots.Where(b => b.IsCompletedSuccessfully).Select(b => b.Result));
            }

            // Each guest is read twice and the higher reading kept: a guest starved of CPU by a loaded host can miss
            // its sweep for a whole window (CI once read 256 pages/s for the 64 MiB sweep, between 3 328 and 16 128
            // for 32 and 128 MiB), and a starved window only ever reads low: a page is counted once however often
            // it is rewritten, so no window reads much above working set / window.
            var rates = new List<double>();
            foreach (var guest in guests)
            {
                var workload = guest.Qemu.Launch.Workload;
                double? best = null;
                for (var window = 1; window <= 2; window++)
                {
                    var reading = await DirtyRateProbe.MeasureAsync(guest.Qemu.Qmp, TimeSpan.FromSeconds(2), timeout.Token)
                        .WaitAsync(TestTimeouts.Step, timeout.Token);
                    var pagesPerSecond = reading?.PagesPerSecond;
                    output.WriteLine($"calc-dirty-rate (page-sampling, 16384 pages/GiB, 2 s, window {window}) of a sweep of {workload.WorkingSetMiB} MiB every {workload.SweepIntervalMs} ms: " +
                                     (reading is null ? "no reading" : pagesPerSecond is null ? $"below {reading.ResolutionPagesPerSecond} pages/s" : $"{pagesPerSecond:F0} pages/s ({pagesPerSecond / 256:F0} MiB/s)") +
                                     $"; boot to READY {guest.BootTime.TotalSeconds:F2} s");
                    if (pagesPerSecond is > 0 && (best is null || pagesPerSecond > best))
                        best = pagesPerSecond;
                }
                Assert.True(best is > 0, $"QEMU gave no dirty rate above its resolution for the {workload.WorkingSetMiB} MiB sweep in two windows");
                rates.Add(best!.Value);
            }

            // Every page of the working set changes within the window, so the rate is about working set / window.
            for (var i = 1; i < rates.Count; i++)
            {
                Assert.True(rates[i] >= 1.5 * rates[i - 1],
                    $"the sweep over {workingSets[i]} MiB dirtied {rates[i]:F0} pages/s, not ≥ 1.5 × the {rates[i - 1]:F0} pages/s over {workingSets[i - 1]} MiB");
            }
        }
        finally
        {
            foreach (var guest in guests)
                await guest.Qemu.DisposeAsync();
        }
    }

    private void AssertWithinTenPercent(int target, DirtyRateDuringMigration measured)
    {
        var error = (measured.Median - target) / target;
        output.WriteLine($"Target {target} pages/s; QEMU's dirty-pages-rate: median {measured.Median:F0} pages/s ({error:+0.0%;-0.0%}) of " +
                         $"{measured.ReadingCount} readings after pass 2; published values: " +
                         string.Join(", ", measured.Publications.Select(r => $"{r.Rate} (pass {r.Pass}, {r.AtSeconds:F1} s)")));
        Assert.True(Math.Abs(error) <= 0.10, $"QEMU measured {measured.Median:F0} pages/s for a target of {target}");
    }
}
