using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Scheduler;

/// <summary>
/// The lab-wide admission queue through the whole stack: three experiments posted back to back run one after
/// another (Scheduler:MaxConcurrentExperiments is 1 by default), the waiting ones showing their place in line.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class AdmissionTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromMinutes(10);

    private const string Spec = """
        {
          "name": "e2e-admission",
          "vm": { "memoryMiB": 256, "vcpus": 1 },
          "workload": { "workingSetMiB": 16, "dirtyRatePagesPerSecond": 500 },
          "migration": { "mode": "precopy", "maxBandwidthMiBps": 32, "maxTimeSeconds": 60 },
          "repetitions": 1
        }
        """;

    [Fact]
    public async Task Experiments_posted_at_once_run_one_after_another_in_submission_order_showing_their_queue_position()
    {
        var ids = new List<string>();
        try
        {
            for (var i = 0; i < 3; i++)
                ids.Add((await lab.Api.PostExperimentAsync(Spec)).Id);

            // Watch all three until they are final: never two running at once, and the queue moving up.
            var positions = new List<(int? Second, int? Third)>();
            var deadline = DateTime.UtcNow + QueueTimeout;
            ExperimentView[] views;
            while (true)
            {
                views = await Task.WhenAll(ids.Select(id => lab.Api.GetJsonAsync<ExperimentView>($"/api/experiments/{id}")));
                Assert.True(views.Count(v => v.Status == ExperimentStatus.Running) <= 1,
                    "two experiments running at once: " + string.Join(", ", views.Select(v => $"{v.Id} {v.Status}")));
                if (views[0].Status == ExperimentStatus.Running)
                    positions.Add((views[1].QueuePosition, views[2].QueuePosition));
                if (views.All(v => v.Status.IsFinal()))
                    break;
                Assert.True(DateTime.UtcNow < deadline, "still not final: " + string.Join(", ", views.Select(v => $"{v.Id} {v.Status} #{v.QueuePosition}")));
                await Task.Delay(500);
            }
            foreach (var v in views)
                output.WriteLine($"{v.Id} {v.Status} created {v.CreatedAt:HH:mm:ss.fff} started {v.StartedAt:HH:mm:ss.fff} finished {v.FinishedAt:HH:mm:ss.fff} {v.Reason}");

            // While the first ran, the second was next in line and the third behind it, both still pending.
            Assert.Contains((1, 2), positions);
            Assert.All(views, v => Assert.Equal(ExperimentStatus.Completed, v.Status));
            Assert.All(views, v => Assert.Null(v.QueuePosition));
            for (var i = 1; i < views.Length; i++)
                Assert.True(views[i].StartedAt >= views[i - 1].FinishedAt,
                    $"{views[i].Id} started at {views[i].StartedAt:O}, before {views[i - 1].Id} finished at {views[i - 1].FinishedAt:O}");
        }
        finally
        {
            // A test that fails midway must not leave experiments queued in front of the next test's.
            foreach (var id in ids)
                (await lab.Api.PostAsync($"/api/experiments/{id}/cancel", null)).Dispose();
        }
    }
}
