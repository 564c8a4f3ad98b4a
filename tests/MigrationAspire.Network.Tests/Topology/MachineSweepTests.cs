using System.Diagnostics;
using MigrationAspire.Network.Commands;
using MigrationAspire.Network.Native;
using MigrationAspire.Network.Tests.Support;
using MigrationAspire.Network.Topology;

namespace MigrationAspire.Network.Tests.Topology;

/// <summary>The sweep a lab start runs over every lab of the machine (LabNetwork.RemoveStaleEverywhereAsync).</summary>
public sealed class MachineSweepTests
{
    [Fact]
    public async Task A_lab_whose_creator_was_killed_is_removed_by_another_labs_sweep_and_that_live_lab_is_kept()
    {
        var killedDirectory = TestLab.NewDirectory();
        var killed = LabNames.For(killedDirectory);
        try
        {
            await using (var creator = await SecondProcess.CreateAsync(killedDirectory, "a"))
            {
                Assert.Contains(await Leftovers.OfAsync(killed), l => l.StartsWith("process", StringComparison.Ordinal)); // its delay line
                creator.Kill();
            }
            await using var live = await TestLab.CreateAsync("b");

            var sweep = await LabNetwork.RemoveStaleEverywhereAsync();

            var gone = sweep.Lab(killed.LabId)!;
            Assert.Equal(LabSweepOutcome.Removed, gone.Outcome);
            Assert.Equal([killed.HostNamespace("a"), killed.SwitchNamespace], gone.Namespaces.Removed);
            Assert.Empty(await Leftovers.OfAsync(killed));
            Assert.False(Directory.Exists(killed.RuntimeDirectory));
            var kept = sweep.Lab(live.Network.Names.LabId)!;
            Assert.Equal(LabSweepOutcome.Kept, kept.Outcome);
            Assert.Equal([live.Network.Names.HostNamespace("b"), live.Network.Names.SwitchNamespace], kept.Namespaces.Kept);
            Assert.Equal(2, (await Leftovers.NamespacesAsync()).Count(n => n.StartsWith(live.Network.Names.Prefix, StringComparison.Ordinal)));
        }
        finally
        {
            await StaleLab.RemoveAsync(killedDirectory);
        }
    }

    [Fact]
    public async Task A_lab_whose_lock_another_process_holds_is_skipped_at_once_even_with_its_owner_dead()
    {
        var directory = TestLab.NewDirectory();
        var names = LabNames.For(directory);
        using var owner = Process.Start("sleep", "60");
        Process? holder = null;
        try
        {
            await TestLab.CreateAsync(directory, ["a"], o => o with { OwnerPid = owner.Id });
            owner.Kill();
            await owner.WaitForExitAsync();
            // --no-fork: flock execs the shell, which execs sleep, so the holder is one process and its end frees the lock.
            holder = Process.Start(new ProcessStartInfo("flock", ["--no-fork", Path.Combine(names.RuntimeDirectory, "lock"), "sh", "-c", "echo held; exec sleep 60"])
            {
                RedirectStandardOutput = true,
            })!;
            Assert.Equal("held", await holder.StandardOutput.ReadLineAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token));

            var busy = await LabNetwork.RemoveStaleEverywhereAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

            Assert.Equal(LabSweepOutcome.Busy, busy.Lab(names.LabId)!.Outcome);
            Assert.Equal([names.HostNamespace("a"), names.SwitchNamespace], busy.Lab(names.LabId)!.Namespaces.Kept);
            Assert.Equal(2, (await Leftovers.NamespacesAsync()).Count(n => n.StartsWith(names.Prefix, StringComparison.Ordinal)));

            holder.Kill();
            await holder.WaitForExitAsync();
            var free = await LabNetwork.RemoveStaleEverywhereAsync();

            Assert.Equal([names.HostNamespace("a"), names.SwitchNamespace], free.Lab(names.LabId)!.Namespaces.Removed);
            Assert.Empty(await Leftovers.OfAsync(names));
        }
        finally
        {
            if (!owner.HasExited) owner.Kill();
            if (holder is { HasExited: false }) holder.Kill();
            holder?.WaitForExit();
            holder?.Dispose();
            await StaleLab.RemoveAsync(directory);
        }
    }

    [Fact]
    public async Task Namespaces_named_like_a_labs_with_no_owner_on_record_are_left_whether_or_not_the_lab_has_records()
    {
        var (unrecordedDirectory, recordedDirectory) = (TestLab.NewDirectory(), TestLab.NewDirectory());
        var (unrecorded, recorded) = (LabNames.For(unrecordedDirectory), LabNames.For(recordedDirectory));
        var (alone, beside) = (unrecorded.HostNamespace("stranger"), recorded.HostNamespace("stranger"));
        try
        {
            StaleLab.RecordHost(recorded, "a", await StaleLab.DeadOwnerAsync());
            await CommandRunner.RunAsync(["ip", "netns", "add", alone]);
            await CommandRunner.RunAsync(["ip", "netns", "add", beside]);

            var sweep = await LabNetwork.RemoveStaleEverywhereAsync();

            Assert.Null(sweep.Lab(unrecorded.LabId));
            Assert.Contains(alone, sweep.Unrecorded);
            Assert.Equal(LabSweepOutcome.Removed, sweep.Lab(recorded.LabId)!.Outcome); // host a's record: nothing else was on record
            Assert.Equal([beside], sweep.Lab(recorded.LabId)!.Namespaces.Kept);
            Assert.Contains(alone, sweep.Kept);
            Assert.Contains(beside, sweep.Kept);
            var namespaces = await Leftovers.NamespacesAsync();
            Assert.Contains(alone, namespaces);
            Assert.Contains(beside, namespaces);
        }
        finally
        {
            await StaleLab.RemoveAsync(unrecordedDirectory);
            await StaleLab.RemoveAsync(recordedDirectory);
        }
    }

    [Fact]
    public async Task A_stale_hosts_delay_line_is_ended_only_while_its_recorded_pid_and_start_time_both_match()
    {
        var (mismatchedDirectory, matchedDirectory) = (TestLab.NewDirectory(), TestLab.NewDirectory());
        var (mismatched, matched) = (LabNames.For(mismatchedDirectory), LabNames.For(matchedDirectory));
        using var bystander = Process.Start("sleep", "60");
        using var line = Process.Start("sleep", "60");
        try
        {
            var bystanderStamp = ProcessStamp.Of(bystander.Id)!;
            var lineStamp = ProcessStamp.Of(line.Id)!;
            // Same pid, another start time: what a pid the kernel gave to another process looks like.
            StaleLab.RecordHost(mismatched, "a", await StaleLab.DeadOwnerAsync(), bystanderStamp with { StartTicks = bystanderStamp.StartTicks - 1 });
            StaleLab.RecordHost(matched, "a", await StaleLab.DeadOwnerAsync(), lineStamp);

            var sweep = await LabNetwork.RemoveStaleEverywhereAsync();

            Assert.Empty(sweep.Lab(mismatched.LabId)!.Namespaces.EndedDelayLines);
            Assert.False(bystander.HasExited);
            Assert.Equal([lineStamp], sweep.Lab(matched.LabId)!.Namespaces.EndedDelayLines);
            Assert.True(line.WaitForExit(TimeSpan.FromSeconds(5)));
            Assert.All(new[] { mismatched, matched }, names => Assert.False(Directory.Exists(names.RuntimeDirectory)));
        }
        finally
        {
            if (!bystander.HasExited) bystander.Kill();
            if (!line.HasExited) line.Kill();
            await StaleLab.RemoveAsync(mismatchedDirectory);
            await StaleLab.RemoveAsync(matchedDirectory);
        }
    }
}
