using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Studies;

/// <summary>A whole study by one request, through the API: the reduced seed preset to completion, a cancel, bad input.</summary>
[Collection(LabCollection.Name)]
public sealed class StudyTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly string[] Figures = ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6"];

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostStudyAsync(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await lab.Api.PostAsync("/api/studies", content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<JsonElement> GetStudyAsync(string id) =>
        JsonDocument.Parse(await lab.Api.GetStringAsync($"/api/studies/{id}")).RootElement.Clone();

    private async Task<JsonElement> WaitAsync(string id, Func<JsonElement, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement detail;
        do
        {
            detail = await GetStudyAsync(id);
            if (until(detail))
                return detail;
            await Task.Delay(2000);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"study {id} after {timeout}: {detail}");
    }

    /// <summary>A test that fails midway leaves no study running into the next test: cancelling an ended one changes nothing.</summary>
    private AsyncDisposable Cancelling(string id) => new(async () => (await lab.Api.PostAsync($"/api/studies/{id}/cancel", null)).Dispose());

    private sealed class AsyncDisposable(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }

    private static bool IsFinal(JsonElement detail) =>
        Enum.Parse<ExperimentStatus>(detail.GetProperty("study").GetProperty("status").GetString()!, true).IsFinal();

    [Fact]
    public async Task The_quick_seed_study_completes_with_every_figure_and_every_finding_decided_from_its_runs()
    {
        var clock = Stopwatch.StartNew();
        var (status, created) = await PostStudyAsync("""{"preset": "seed-quick"}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = created.GetProperty("id").GetString()!;
        await using var _ = Cancelling(id);

        var final = await WaitAsync(id, IsFinal, TimeSpan.FromMinutes(12));
        output.WriteLine($"study {id} ended after {clock.Elapsed}: {final}");
        var study = final.GetProperty("study");
        Assert.Equal("completed", study.GetProperty("status").GetString());
        var experiments = study.GetProperty("experiments").EnumerateArray().ToList();
        Assert.Equal(4, experiments.Count);
        Assert.All(experiments, e => Assert.Equal("completed", e.GetProperty("status").GetString()));

        // Analytics ingests asynchronously: the findings settle once it holds all 20 runs.
        var detail = await WaitAsync(id, d => d.GetProperty("findings").EnumerateArray()
            .All(f => f.GetProperty("statistic").GetProperty("n").GetInt32() > 0), TimeSpan.FromSeconds(60));
        var findings = detail.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(Figures, findings.Select(f => f.GetProperty("figure").GetString()).Distinct());
        foreach (var finding in findings)
        {
            output.WriteLine($"{finding.GetProperty("figure")} {finding.GetProperty("statement")}: {finding.GetProperty("statistic")} → {finding.GetProperty("verdict")}");
            Assert.False(string.IsNullOrEmpty(finding.GetProperty("statement").GetString()));
            Assert.Contains(finding.GetProperty("statistic").GetProperty("kind").GetString(), new[] { "slope", "ratio", "mean relative residual" });
            Assert.Equal(JsonValueKind.Number, finding.GetProperty("statistic").GetProperty("value").ValueKind);
            Assert.Contains(finding.GetProperty("verdict").GetString(), new[] { "confirmed", "contradicted", "inconclusive" });
        }
        // The one claim whose answer this lab knows for sure: stop-and-copy's downtime is its whole copy.
        Assert.Equal("contradicted", findings.Single(f => f.GetProperty("statement").GetString()!.StartsWith("Stop-and-copy has lower downtime")).GetProperty("verdict").GetString());

        var html = await lab.Api.GetStringAsync(detail.GetProperty("report").GetString()!);
        Assert.Contains("<table id=\"findings\">", html);
        Assert.Contains("status <b>Completed</b>", html);
        foreach (var figure in Figures)
        {
            Assert.Contains($"<table id=\"points-{figure}\">", html);
            using var svg = await lab.Api.GetAsync($"/api/analytics/studies/{id}/figures/{figure}.svg");
            Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
            Assert.DoesNotContain("no completed run yet", await svg.Content.ReadAsStringAsync());
        }
        var csv = await lab.Api.GetStringAsync($"/api/analytics/experiments/{SeedExperimentIds.For(id, SeedExperiment.VmSize)}/runs.csv");
        Assert.Equal(1 + 8, csv.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task A_study_cancelled_midway_ends_cancelled_and_keeps_what_its_first_experiment_finished()
    {
        var (_, created) = await PostStudyAsync("""{"preset": "seed-quick"}""");
        var id = created.GetProperty("id").GetString()!;
        await using var _ = Cancelling(id);
        await WaitAsync(id, d => d.GetProperty("study").GetProperty("experiments")[0].GetProperty("runs") is { ValueKind: JsonValueKind.Object } runs
            && runs.GetProperty("completed").GetInt32() >= 1, TimeSpan.FromMinutes(4));

        using var cancel = await lab.Api.PostAsync($"/api/studies/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var final = await WaitAsync(id, IsFinal, TimeSpan.FromMinutes(3));
        Assert.Equal("cancelled", final.GetProperty("study").GetProperty("status").GetString());
        var first = await lab.Api.GetJsonAsync<ExperimentView>($"/api/experiments/{SeedExperimentIds.For(id, SeedExperiment.Bandwidth)}");
        Assert.Equal(ExperimentStatus.Cancelled, first.Status);
        Assert.True(first.Runs.Completed >= 1, "the runs finished before the cancel are kept");
        using var later = await lab.Api.GetAsync($"/api/experiments/{SeedExperimentIds.For(id, SeedExperiment.VmSize)}");
        Assert.Equal(HttpStatusCode.NotFound, later.StatusCode);
    }

    [Fact]
    public async Task An_unknown_preset_is_a_404_naming_the_presets_and_the_presets_are_listed()
    {
        var (status, problem) = await PostStudyAsync("""{"preset": "nope"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'nope'", detail);
        Assert.Contains("seed, seed-quick", detail);
        var presets = JsonDocument.Parse(await lab.Api.GetStringAsync("/api/studies/presets")).RootElement.EnumerateArray().ToList();
        Assert.Equal(["seed", "seed-quick"], presets.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(54, presets[0].GetProperty("runs").GetInt32());
        using var unknown = await lab.Api.GetAsync("/api/studies/study-00000000");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
