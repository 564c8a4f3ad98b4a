using System.Net;
using System.Text.Json;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Http;

/// <summary>
/// Whatever a stored run holds — a bandwidth cap of 1e-303 MiB/s, plans no validator would pass today, metrics at
/// the edge of a double, swept values beyond one, figures that are not numbers — every route answers: a figure
/// that cannot be computed is null (the model says why), never a 500.
/// </summary>
public sealed class ExtremeValuesTests(ExtremeValuesTests.Seeded seeded) : IClassFixture<ExtremeValuesTests.Seeded>
{
    public static readonly string[] Experiments = ["tiny-bandwidth", "odd-plans", "edge-metrics", "edge-parameters", "not-numbers"];

    public static TheoryData<string> Routes()
    {
        var routes = new TheoryData<string>();
        foreach (var id in Experiments)
        {
            foreach (var route in new[] { "summary", "runs", "report", "runs.csv", "runs.parquet" })
                routes.Add($"/api/analytics/experiments/{id}/{route}");
            foreach (var metric in MetricCatalog.Summarized)
            {
                routes.Add($"/api/analytics/experiments/{id}/plots/{metric.Name}.png");
                routes.Add($"/api/analytics/experiments/{id}/plots/{metric.Name}.svg");
            }
            for (var run = 0; run < 4; run++)
            {
                routes.Add($"/api/analytics/runs/{RunPlan.MakeRunId(id, run)}");
                routes.Add($"/api/analytics/runs/{RunPlan.MakeRunId(id, run)}/timeline.png");
                routes.Add($"/api/analytics/runs/{RunPlan.MakeRunId(id, run)}/timeline.svg");
            }
        }
        return routes;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_answers_200_for_extreme_stored_values(string route)
    {
        using var response = await seeded.Client.GetAsync(route, TestTimeouts.Token());
        var body = await response.Content.ReadAsByteArrayAsync(TestTimeouts.Token());

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.NotEmpty(body);
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
            JsonDocument.Parse(body).Dispose();
    }

    [Fact]
    public async Task A_prediction_beyond_a_double_is_null_with_a_note_saying_why()
    {
        var model = (await SummaryAsync("tiny-bandwidth")).GetProperty("groups")[0].GetProperty("model");

        var prediction = model.GetProperty("prediction");
        // A thousand live rounds of ~1e305 s each add up to more than a double holds; the last round alone does not.
        Assert.Equal(JsonValueKind.Null, prediction.GetProperty("totalTimeMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, prediction.GetProperty("precopyTimeMs").ValueKind);
        Assert.True(prediction.GetProperty("downtimeMs").GetDouble() > 1e300);
        Assert.True(prediction.GetProperty("transferredBytes").GetDouble() > 0);
        Assert.False(model.GetProperty("errors").TryGetProperty("totalTimeMs", out _));
        // It runs to the model's pass cap, which QEMU does not have: no figure of it is held against the runs either.
        Assert.False(model.GetProperty("errors").TryGetProperty("downtimeMs", out _));
        Assert.Contains(model.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("no error is computed"));
        Assert.Contains(model.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("totalTimeMs is beyond what a double holds"));
    }

    [Fact]
    public async Task A_plan_the_model_cannot_take_leaves_the_model_unavailable_with_the_reason()
    {
        var groups = (await SummaryAsync("odd-plans")).GetProperty("groups");

        var reasons = groups.EnumerateArray().Select(g => g.GetProperty("model").GetProperty("unavailable").GetString()).ToList();
        Assert.All(reasons, r => Assert.StartsWith("the run's plan gives the model an input it cannot take", r));
        Assert.Contains(reasons, r => r!.Contains("MemoryBytes must be a finite number ≥ 0"));
        Assert.Contains(reasons, r => r!.Contains("BandwidthBytesPerSecond"));
    }

    [Fact]
    public async Task Statistics_that_overflow_a_double_are_null_and_the_rest_are_kept()
    {
        var downtime = (await SummaryAsync("edge-metrics")).GetProperty("groups")[0].GetProperty("metrics").GetProperty("downtimeMs");

        Assert.Equal(2, downtime.GetProperty("n").GetInt32());
        Assert.Equal(1.6e308, downtime.GetProperty("mean").GetDouble(), 1e294);
        Assert.Equal(1.7e308, downtime.GetProperty("max").GetDouble());
        Assert.Equal(JsonValueKind.Null, downtime.GetProperty("stddev").ValueKind);
    }

    [Fact]
    public void Every_run_is_stored_whatever_its_figures() => Assert.Empty(seeded.Refused);

    [Fact]
    public async Task A_run_with_figures_that_are_not_numbers_is_stored_with_those_figures_absent()
    {
        var run = await GetJsonAsync($"/api/analytics/runs/{RunPlan.MakeRunId("not-numbers", 0)}");
        var throughput = (await SummaryAsync("not-numbers")).GetProperty("groups")[0].GetProperty("metrics").GetProperty("throughputMbps");

        Assert.Equal(JsonValueKind.Null, run.GetProperty("result").GetProperty("throughputMbps").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("result").GetProperty("switchoverMs").ValueKind);
        Assert.Equal(0, throughput.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task A_swept_value_beyond_a_double_is_text_not_a_number()
    {
        var parameters = (await SummaryAsync("edge-parameters")).GetProperty("parameters");

        var bandwidth = parameters.EnumerateArray().Single(p => p.GetProperty("path").GetString() == "migration.maxBandwidthMiBps");
        Assert.False(bandwidth.GetProperty("numeric").GetBoolean());
    }

    private async Task<JsonElement> SummaryAsync(string id) => await GetJsonAsync($"/api/analytics/experiments/{id}/summary");

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await seeded.Client.GetAsync(url, TestTimeouts.Token());
        var body = await response.Content.ReadAsStringAsync(TestTimeouts.Token());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Four runs per experiment, in two groups, stored as the consumer stores them.</summary>
    public sealed class Seeded : IAsyncLifetime
    {
        private readonly AnalyticsApp _app = new();

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Client = await _app.ReadyClientAsync();
            var runs = new List<RunRecord>();
            runs.AddRange(Experiment("tiny-bandwidth", i => TestRuns.Plan("tiny-bandwidth", i, [TestRuns.Memory(i < 2 ? 256 : 512)],
                migration: new MigrationSpec { MaxBandwidthMiBps = 1e-303 })));
            runs.AddRange(Experiment("odd-plans", i => TestRuns.Plan("odd-plans", i, [TestRuns.Memory(i < 2 ? 256 : 512)],
                workload: i < 2 ? new WorkloadSpec { WorkingSetMiB = -64 } : new WorkloadSpec(),
                migration: new MigrationSpec { MaxBandwidthMiBps = i < 2 ? 1 : 1e308, DowntimeLimitMs = -300, MaxPasses = -1 })));
            runs.AddRange(Experiment("edge-metrics", i => TestRuns.Plan("edge-metrics", i, [TestRuns.Memory(i < 2 ? 256 : 512)]),
                i => TestRuns.Result(MigrationMode.Precopy, downtimeMs: i % 2 == 0 ? 1.7e308 : 1.5e308,
                    transferredBytes: i % 2 == 0 ? long.MaxValue : long.MinValue,
                    passes: TestRuns.Passes((double.MaxValue, long.MaxValue), (-double.MaxValue, long.MinValue), (double.Epsilon, 0))) with
                {
                    TotalTimeMs = i % 2 == 0 ? double.MaxValue : -double.MaxValue,
                    ThroughputMbps = double.MaxValue,
                    SwitchoverMs = -double.MaxValue,
                    PrecopyTimeMs = double.Epsilon,
                    MeasuredDirtyRate = i % 2 == 0 ? 1e308 : -1e308,
                }));
            runs.AddRange(Experiment("edge-parameters", i => TestRuns.Plan("edge-parameters", i,
                [("migration.maxBandwidthMiBps", i < 2 ? "1e400" : "1e308"), ("workload.hotspotFraction", i % 2 == 0 ? "-0" : "5e-324")])));
            runs.AddRange(Experiment("not-numbers", i => TestRuns.Plan("not-numbers", i, [TestRuns.Memory(i < 2 ? 256 : 512)]),
                i => TestRuns.Result(MigrationMode.Precopy, 30 + i) with
                {
                    ThroughputMbps = double.NaN,
                    SwitchoverMs = double.PositiveInfinity,
                    GuestObservedDowntimeMs = double.NegativeInfinity,
                    PassHistory = TestRuns.Passes((0, 1_000_000), (100, 0)).Select(p => p with { AtMs = double.NaN, ThroughputMbps = double.PositiveInfinity }).ToArray(),
                }));
            // Run by run, so that one the store refuses fails its own test, not every other experiment's.
            foreach (var run in runs)
            {
                try
                {
                    await _app.Store.AddAsync(run, TestTimeouts.Token());
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    Refused.Add($"{run.Plan.RunId}: {e.Message}");
                }
            }
        }

        /// <summary>Runs the store would not take, with its reason.</summary>
        public List<string> Refused { get; } = [];

        private static IEnumerable<RunRecord> Experiment(string id, Func<int, RunPlan> plan, Func<int, MigrationResult>? result = null) =>
            Enumerable.Range(0, 4).Select(i => TestRuns.Completed(plan(i), result?.Invoke(i) ?? TestRuns.Result(plan(i).Migration.Mode, 30 + i)));

        public Task DisposeAsync() => _app.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Step);
    }
}
