using System.Net;
using System.Text.Json;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Tests.Studies;

public sealed class StudyRoutesTests : IAsyncLifetime
{
    private readonly AnalyticsApp _app = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _app.ReadyClientAsync();
        var experiment = SeedExperimentIds.For("study-1", SeedExperiment.Bandwidth);
        var runs = new List<RunRecord>();
        foreach (var (bandwidth, i) in new[] { 32, 64, 128 }.SelectMany(b => Enumerable.Repeat(b, 3)).Select((b, i) => (b, i)))
        {
            var plan = TestRuns.Plan(experiment, i, [(StudyPresets.BandwidthAxis.Path, bandwidth.ToString())],
                migration: new MigrationSpec { MaxBandwidthMiBps = bandwidth });
            runs.Add(TestRuns.Completed(plan, TestRuns.Result(MigrationMode.Precopy, 20 + i % 3, 64_000.0 / bandwidth + i % 3)));
        }
        await _app.Store.AddManyAsync(runs, TestTimeouts.Token());
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Findings_of_a_study_decide_from_its_stored_runs()
    {
        var json = JsonDocument.Parse(await _client.GetStringAsync("/api/analytics/studies/study-1/findings", TestTimeouts.Token())).RootElement;

        var findings = json.GetProperty("findings").EnumerateArray().ToList();
        var total = Assert.Single(findings, f => f.GetProperty("statement").GetString()!.StartsWith("Total migration time falls as bandwidth"));
        Assert.Equal("confirmed", total.GetProperty("verdict").GetString());
        Assert.Equal("slope", total.GetProperty("statistic").GetProperty("kind").GetString());
        Assert.Equal(9, total.GetProperty("statistic").GetProperty("n").GetInt32());
        Assert.All(findings.Where(f => f.GetProperty("figure").GetString() == "5.6"),
            f => Assert.Equal("inconclusive", f.GetProperty("verdict").GetString()));
    }

    [Fact]
    public async Task The_report_has_the_findings_table_and_every_seed_figure()
    {
        var html = await _client.GetStringAsync("/api/analytics/studies/study-1/report", TestTimeouts.Token());

        Assert.Contains("<table id=\"findings\">", html);
        foreach (var figure in new[] { "5.1", "5.2", "5.3", "5.4", "5.5", "5.6" })
            Assert.Contains($"/api/analytics/studies/study-1/figures/{figure}.svg", html);
        Assert.Contains("runs.parquet", html);
    }

    [Fact]
    public async Task A_figure_is_an_image_and_an_unknown_figure_is_404()
    {
        var svg = await _client.GetAsync("/api/analytics/studies/study-1/figures/5.1.svg", TestTimeouts.Token());
        var png = await _client.GetAsync("/api/analytics/studies/study-1/figures/5.1.png", TestTimeouts.Token());
        var unknown = await _client.GetAsync("/api/analytics/studies/study-1/figures/9.9.svg", TestTimeouts.Token());

        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("model", await svg.Content.ReadAsStringAsync(TestTimeouts.Token()));
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
