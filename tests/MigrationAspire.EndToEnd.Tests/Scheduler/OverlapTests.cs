using System.Globalization;
using System.Text.RegularExpressions;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using static MigrationAspire.EndToEnd.Tests.Fixture.Polling;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Scheduler;

/// <summary>
/// Issue 17's overlap and its rule, read from the executors' own timestamped log lines: each run's source probes its
/// dirty rate while the destination is prepared, or, on a reused guest, takes the reading its host took while it
/// checked the guest after the VM's last run; and no boot or probe lands on a host pair while a migration between
/// them is under way.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class OverlapTests(LabFixture lab, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_vms_at_once_probe_early_or_take_the_check_s_reading_and_never_boot_or_probe_on_a_pair_that_migrates()
    {
        // Two VMs at once on three hosts: the second wants to boot and to migrate while the first migrates.
        var created = await lab.Api.PostExperimentAsync("""
            {
              "name": "e2e-overlap",
              "vm": { "memoryMiB": 256, "vcpus": 1 },
              "workload": { "workingSetMiB": 32, "dirtyRatePagesPerSecond": 1000 },
              "migration": { "mode": "precopy", "maxBandwidthMiBps": 32, "maxTimeSeconds": 60 },
              "repetitions": 4,
              "maxConcurrentRuns": 2
            }
            """);
        var final = await lab.Api.WaitForFinalAsync(created.Id, TimeSpan.FromMinutes(8));
        var runs = await lab.Api.GetJsonAsync<List<RunRecord>>($"/api/experiments/{created.Id}/runs");
        foreach (var run in runs)
            output.WriteLine($"{run.Plan.RunId} {run.VmId} {run.Status} {run.SourceHost}→{run.DestinationHost} {run.FailureReason}");
        Assert.Equal(ExperimentStatus.Completed, final.Status);
        Assert.Equal(2, runs.Select(r => r.VmId).Distinct().Count());

        List<Line> lines = [];
        await WaitUntil(() =>
        {
            lines = ExecutorLines();
            return runs.All(r => lines.Any(l => l.Text.Contains($"Run {r.Plan.RunId}: the source QEMU reported completed", StringComparison.Ordinal)));
        }, TimeSpan.FromSeconds(30), "the executors' logs do not show every run's completion");

        var fromCheck = 0;
        foreach (var run in runs)
        {
            var id = run.Plan.RunId;
            var ready = Single(lines, run.DestinationHost!, $"expected on {run.DestinationHost} at ", $"for run {id}");
            var migrating = Single(lines, run.SourceHost!, $"Run {id}: migrating ");
            var completed = Single(lines, run.SourceHost!, $"Run {id}: the source QEMU reported completed");
            if (Match(lines, run.SourceHost!, $"Run {id}: the dirty rate was read during the check after run ") is { } taken)
            {
                // A reused guest: its source, the last run's destination, read the rate while it checked the guest,
                // once that run's migration was over; this run probed nothing itself.
                var previous = Regex.Match(taken.Text, @"after run (\S+),").Groups[1].Value;
                var checkProbe = Single(lines, run.SourceHost!, $"Run {previous}: probing the dirty rate of {run.VmId} during its check");
                var previousCompleted = Assert.Single(lines, l => l.Text.Contains($"Run {previous}: the source QEMU reported completed", StringComparison.Ordinal));
                output.WriteLine($"{id}: rate read in the check after {previous} at {checkProbe.At:HH:mm:ss.fff} (its copy completed {previousCompleted.At:HH:mm:ss.fff}), " +
                                 $"destination ready {ready.At:HH:mm:ss.fff}, migrating {migrating.At:HH:mm:ss.fff}–{completed.At:HH:mm:ss.fff}");
                Assert.True(checkProbe.At >= previousCompleted.At, $"{id}: the check's probe started at {checkProbe.At:HH:mm:ss.fff}, before run {previous}'s copy completed");
                Assert.Null(Match(lines, run.SourceHost!, $"Run {id}: probing the dirty rate of"));
                Assert.True(run.Result?.Notes.Any(n => n.Contains($"while it checked the guest after run {previous}", StringComparison.Ordinal)) == true,
                    $"{id}: the result does not say where its dirty rate came from: {string.Join("; ", run.Result?.Notes ?? [])}");
                Assert.NotNull(run.Result?.MeasuredDirtyRate);
                fromCheck++;
            }
            else
            {
                var probe = Single(lines, run.SourceHost!, $"Run {id}: probing the dirty rate of");
                Single(lines, run.SourceHost!, $"Run {id}: the dirty rate was probed while the destination was prepared");
                output.WriteLine($"{id}: probe {probe.At:HH:mm:ss.fff}, destination ready {ready.At:HH:mm:ss.fff}, migrating {migrating.At:HH:mm:ss.fff}–{completed.At:HH:mm:ss.fff}");
                Assert.True(probe.At < ready.At, $"{id}: the probe started at {probe.At:HH:mm:ss.fff}, after the destination was ready at {ready.At:HH:mm:ss.fff}");
            }

            // Nothing else started on either host of the pair while this migration ran.
            var pair = new[] { run.SourceHost!, run.DestinationHost! };
            var intruders = lines.Where(l => pair.Contains(l.Host) && l.At > migrating.At && l.At < completed.At
                    && (BootLine().IsMatch(l.Text) || (l.Text.Contains(": probing the dirty rate of", StringComparison.Ordinal) && !l.Text.Contains($"Run {id}:", StringComparison.Ordinal))))
                .ToList();
            Assert.True(intruders.Count == 0, $"{id} ({run.SourceHost}→{run.DestinationHost}) shared its hosts with: {string.Join("; ", intruders.Select(l => $"{l.Host} {l.At:HH:mm:ss.fff} {l.Text}"))}");
        }
        // Four runs on two VMs: at least one VM ran again on its guest and took the check's reading.
        Assert.True(fromCheck > 0, "no run took the dirty rate its source read while checking the guest after the VM's last run");
    }

    private sealed record Line(string Host, DateTimeOffset At, string Text);

    [GeneratedRegex(@"Started QEMU \d+ for \S+ \(boot,")]
    private static partial Regex BootLine();

    private List<Line> ExecutorLines()
    {
        var lines = new List<Line>();
        foreach (var path in Directory.EnumerateFiles(lab.Logs.Directory, "executor-*.log"))
        {
            var host = Path.GetFileNameWithoutExtension(path)["executor-".Length..];
            if (host.Contains('-'))
                continue; // executor-a-rebuilder.log and the like
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                    lines.Add(new Line(host, at, parts[1].Trim()));
            }
        }
        return lines;
    }

    private static Line? Match(List<Line> lines, string host, params string[] parts) =>
        lines.SingleOrDefault(l => l.Host == host && parts.All(p => l.Text.Contains(p, StringComparison.Ordinal)));

    private static Line Single(List<Line> lines, string host, params string[] parts) =>
        Assert.Single(lines, l => l.Host == host && parts.All(p => l.Text.Contains(p, StringComparison.Ordinal)));
}
