using Xunit.Abstractions;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// Resident memory makes a VM's size cost what it does in a real VM: pages the guest never wrote cross the wire as
/// zero-page markers, so without it a stop-and-copy sends about the same at 256 and 512 MiB (README, issue 11).
/// </summary>
[Collection(GuestCollection.Name)]
public sealed class ResidentMemoryTests(SharedGuest shared, ITestOutputHelper output)
{
    private const double MiB = 1024 * 1024;
    private const long PageSize = GuestQemu.PageSize;

    [Fact]
    public async Task StopAndCopy_resident_0_and_90_percent_at_256_and_512_mi_b_every_page_verified_and_only_resident_memory_makes_size_cost()
    {
        using var timeout = new CancellationTokenSource(GuestTimeouts.Test);
        var runs = new Dictionary<(int Percent, int Memory), StopAndCopyRun>();
        foreach (var percent in (int[])[0, 90])
        {
            foreach (var memory in (int[])[256, 512])
            {
                var run = await StopAndCopyRun.RunAsync(shared.WorkDirectory, memory, percent, timeout.Token);
                output.WriteLine(run.ToString());
                runs[(percent, memory)] = run;
            }
        }

        foreach (var run in runs.Values)
        {
            // Every page the guest announced, before and after the migration; nothing lost, the cadence kept.
            Assert.Equal(StopAndCopyRun.WorkingSetMiB * 256, run.Ready.WorkingSetPages);
            Assert.Equal(run.Ready.CheckedPages, run.SourceVerify.Checked);
            Assert.Equal(0, run.SourceVerify.Errors);
            Assert.True(run.Destination.Healthy, $"{run.MemoryMiB} MiB at {run.ResidentPercent} %: {string.Join("; ", run.Destination.Problems)}");
            Assert.Equal(run.Ready.CheckedPages, run.Destination.Evidence.Verify.Checked);
            // Every non-zero page crosses the wire whole.
            Assert.True(run.TransferredBytes >= run.Ready.CheckedPages * PageSize,
                $"{run.MemoryMiB} MiB at {run.ResidentPercent} %: {run.TransferredBytes / MiB:F1} MiB sent for {run.Ready.CheckedPages} written pages");
        }
        Assert.All(runs.Where(r => r.Key.Percent == 0), r => Assert.Equal(0, r.Value.Ready.ResidentPages));

        var (small, large) = (runs[(90, 256)], runs[(90, 512)]);
        var residentGrowth = large.Ready.ResidentPages - small.Ready.ResidentPages;
        // 90 % of the ~256 MiB more that the larger guest has free (its kernel keeps a little more of it).
        Assert.True(residentGrowth * PageSize >= 0.8 * 0.9 * 256 * MiB, $"the 512 MiB guest filled only {residentGrowth} more resident pages than the 256 MiB one");
        Assert.True(large.Ready.ResidentFillMs > small.Ready.ResidentFillMs,
            $"filling {large.Ready.ResidentPages} resident pages took {large.Ready.ResidentFillMs} ms, {small.Ready.ResidentPages} took {small.Ready.ResidentFillMs} ms");

        // Sent per MiB of VM size: about 0.9 with resident memory (all of it goes whole), about 0 without.
        var fullSlope = (large.TransferredBytes - small.TransferredBytes) / MiB / 256;
        var emptySlope = (runs[(0, 512)].TransferredBytes - runs[(0, 256)].TransferredBytes) / MiB / 256;
        output.WriteLine($"Stop-and-copy sent {fullSlope:F3} MiB more per MiB of VM size at 90 % resident memory, {emptySlope:F3} at 0 %");
        Assert.True(large.TransferredBytes - small.TransferredBytes >= 0.95 * residentGrowth * PageSize,
            $"the larger guest's {residentGrowth} more resident pages did not all cross the wire ({fullSlope:F3} MiB per MiB)");
        Assert.True(fullSlope > 0.5, $"at 90 % resident memory the stop-and-copy sent only {fullSlope:F3} MiB more per MiB of VM size");
        Assert.True(Math.Abs(emptySlope) < 0.05, $"without resident memory the stop-and-copy sent {emptySlope:F3} MiB more per MiB of VM size");
    }
}
