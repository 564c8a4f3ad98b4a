using System.Diagnostics;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Live;

/// <summary>The live forecast (issue 14): a running pre-copy's samples carry its ETA over the server-sent events, as they happen.</summary>
[Collection(LabCollection.Name)]
public sealed class EtaStreamTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task A_running_precopy_streams_its_eta_and_verdict_before_it_ends()
    {
        // A 24 MiB/s cap over a 48 MiB working set: several passes over several seconds, each sample with a forecast.
        var created = await lab.Api.PostExperimentAsync("""
            {
              "name": "e2e-eta-stream",
              "vm": { "memoryMiB": 256, "vcpus": 1 },
              "workload": { "workingSetMiB": 48, "dirtyRatePagesPerSecond": 2000 },
              "migration": { "mode": "precopy", "maxBandwidthMiBps": 24, "downtimeLimitMs": 100, "maxTimeSeconds": 90 }
            }
            """);
        var runId = RunPlan.MakeRunId(created.Id, 0);
        using var timeout = new CancellationTokenSource(RunTimeout);
        var clock = Stopwatch.StartNew();

        // Followed from before the run starts: every event is read as the API sends it, and timed on arrival.
        using var response = await lab.Api.GetAsync($"/api/runs/{runId}/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        var events = new List<(SseEvent Event, TimeSpan At)>();
        using (var reader = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token)))
        {
            while (await reader.NextAsync(timeout.Token) is { } next)
            {
                events.Add((next, clock.Elapsed));
                if (next.Name == "end")
                    break;
            }
        }

        var final = await lab.Api.GetJsonAsync<RunRecord>($"/api/runs/{runId}");
        Assert.Equal(RunStatus.Completed, final.Status);
        var result = final.Result!;
        Assert.Equal("end", events[^1].Event.Name);
        // The status event that first says the run is final marks its end as the client saw it.
        var endedAt = events.First(e => e.Event.Name == "status" && e.Event.Read<RunRecord>(ApiClient.Json).Status.IsFinal()).At;
        var forecasts = events.Where(e => e.Event.Name == "sample")
            .Select(e => (Sample: e.Event.Read<LiveSample>(ApiClient.Json), e.At))
            .Where(f => f.Sample.WillConverge is not null).ToList();
        foreach (var (sample, at) in forecasts)
            output.WriteLine($"at {sample.AtMs:F0} ms (read {at.TotalMilliseconds:F0} ms into the test): pass {sample.Pass}, " +
                $"remaining {sample.RemainingBytes / 1048576.0:F1} MiB, will converge {sample.WillConverge}, " +
                $"ETA {sample.EtaMs:F0} ms, predicted downtime {sample.PredictedDowntimeMs:F0} ms");
        output.WriteLine($"measured: total {result.TotalTimeMs:F0} ms, downtime {result.DowntimeMs:F0} ms, {result.Passes} passes; " +
            $"{forecasts.Count} forecasts of {events.Count(e => e.Event.Name == "sample")} samples");

        Assert.True(forecasts.Count >= 3, $"{forecasts.Count} samples carried a forecast");
        // Live, not replayed: forecasts reached the client before the run was final.
        Assert.True(forecasts.Count(f => f.At < endedAt) >= 3, "the forecasts arrived only after the run had ended");
        var etas = forecasts.Select(f => f.Sample).Where(s => s.WillConverge == true).ToList();
        Assert.NotEmpty(etas);
        Assert.All(etas, s =>
        {
            Assert.True(s.EtaMs > 0, $"an ETA of {s.EtaMs} ms");
            Assert.True(s.PredictedDowntimeMs >= 0, $"a predicted downtime of {s.PredictedDowntimeMs} ms");
        });
    }
}
