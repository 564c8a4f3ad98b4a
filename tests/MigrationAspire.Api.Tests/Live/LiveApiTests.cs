using System.Net;
using System.Net.Http.Headers;
using MigrationAspire.Api.Experiments;
using MigrationAspire.Api.Live;
using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Api.Tests.Validation;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Live;

[Collection(ApiCollection.Name)]
public sealed class LiveApiTests(ApiFixture api)
{
    [Fact]
    public async Task RunEvents_samples_and_status_changes_streams_each_and_ends_on_final_status()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Step);
        var runId = await NewRunAsync();
        var early = await api.Redis.Database.AddSampleAsync(runId, 100);
        using var response = await OpenAsync($"/api/runs/{runId}/events", timeout.Token);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var pending = await events.NextAsync(timeout.Token);
        Assert.Equal(("status", RunStatus.Pending), (pending?.Name, pending?.Read<RunRecord>().Status));
        Assert.Equal(("sample", early, 100.0), await NextSampleAsync(events, timeout.Token));

        api.Lab.SetRun(runId, RunStatus.Running, RunStep.Migrate);
        var running = await events.NextAsync(timeout.Token);
        Assert.Equal(("status", RunStep.Migrate), (running?.Name, running?.Read<RunRecord>().Step));

        var middle = await api.Redis.Database.AddSampleAsync(runId, 200);
        Assert.Equal(("sample", middle, 200.0), await NextSampleAsync(events, timeout.Token));

        var last = await api.Redis.Database.AddSampleAsync(runId, 300, "completed");
        api.Lab.SetRun(runId, RunStatus.Completed);
        var rest = await events.ReadToEndAsync(timeout.Token);

        Assert.Equal(["sample", "status", "end"], rest.Select(e => e.Name));
        Assert.Equal(last, rest[0].Id);
        Assert.Equal("completed", rest[0].Read<LiveSample>().Status);
        Assert.Equal(RunStatus.Completed, rest[1].Read<RunRecord>().Status);
        Assert.Equal("{\"status\":\"completed\"}", rest[2].Data);
    }

    [Fact]
    public async Task RunEvents_finished_run_with_last_event_id_resumes_after_it_and_ends()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Step);
        var runId = await NewRunAsync();
        var first = await api.Redis.Database.AddSampleAsync(runId, 100);
        var second = await api.Redis.Database.AddSampleAsync(runId, 200);
        var third = await api.Redis.Database.AddSampleAsync(runId, 300, "failed");
        api.Lab.SetRun(runId, RunStatus.Failed);

        using var response = await OpenAsync($"/api/runs/{runId}/events", timeout.Token, lastEventId: first);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var all = await events.ReadToEndAsync(timeout.Token);

        Assert.Equal(["status", "sample", "sample", "end"], all.Select(e => e.Name));
        Assert.Equal([second, third], all.Where(e => e.Name == "sample").Select(e => e.Id));
        Assert.Equal("{\"status\":\"failed\"}", all[^1].Data);
    }

    [Fact]
    public async Task RunEvents_idle_run_sends_heartbeat_comments()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Step);
        var runId = await NewRunAsync();
        using var response = await OpenAsync($"/api/runs/{runId}/events", timeout.Token);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("status", (await events.NextAsync(timeout.Token))?.Name);

        // Nothing happens to the run, so the next event never comes; comments do (every 0.5 s in these tests).
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        idle.CancelAfter(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => events.NextAsync(idle.Token));

        Assert.Contains(": heartbeat", events.Comments);
    }

    [Fact]
    public async Task RunEvents_unknown_run_returns_404()
    {
        using var response = await api.Client.GetAsync("/api/runs/exp-00000000-0000/events").Within();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RunEvents_malformed_last_event_id_returns_400()
    {
        var runId = await NewRunAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/events");
        request.Headers.Add("Last-Event-ID", "latest");

        using var response = await api.Client.SendAsync(request).Within();

        Assert.Contains("Last-Event-ID", (await response.ReadValidationProblemAsync()).Errors["after"][0]);
    }

    [Fact]
    public async Task ExperimentEvents_runs_move_on_streams_progress_run_changes_and_ends()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Step);
        var experiment = await api.Client.CreateExperimentAsync(Specs.ValidJson);
        using var response = await OpenAsync($"/api/experiments/{experiment.Id}/events", timeout.Token);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var opening = new[] { await events.NextAsync(timeout.Token), await events.NextAsync(timeout.Token), await events.NextAsync(timeout.Token) };
        Assert.Equal(["status", "run", "run"], opening.Select(e => e?.Name));
        Assert.Equal(0, opening[0]!.Read<ExperimentSummary>().Progress);

        api.Lab.SetRun(RunPlan.MakeRunId(experiment.Id, 0), RunStatus.Running, RunStep.Boot);
        var changes = new[] { await events.NextAsync(timeout.Token), await events.NextAsync(timeout.Token) };
        Assert.Equal(["status", "run"], changes.Select(e => e?.Name));
        Assert.Equal((0, RunStatus.Running, RunStep.Boot), Change(changes[1]!));

        api.Lab.SetRun(RunPlan.MakeRunId(experiment.Id, 0), RunStatus.Completed);
        api.Lab.SetRun(RunPlan.MakeRunId(experiment.Id, 1), RunStatus.Failed);
        api.Lab.SetStatus(experiment.Id, ExperimentStatus.CompletedWithFailures);
        var rest = await events.ReadToEndAsync(timeout.Token);

        Assert.Contains((0, RunStatus.Completed, (RunStep?)null), rest.Where(e => e.Name == "run").Select(Change));
        Assert.Contains((1, RunStatus.Failed, (RunStep?)null), rest.Where(e => e.Name == "run").Select(Change));
        var final = rest.Last(e => e.Name == "status").Read<ExperimentSummary>();
        Assert.Equal((ExperimentStatus.CompletedWithFailures, 1.0), (final.Status, final.Progress));
        Assert.Equal(("end", "{\"status\":\"completedWithFailures\"}"), (rest[^1].Name, rest[^1].Data));
    }

    [Fact]
    public async Task ExperimentEvents_unknown_experiment_returns_404()
    {
        using var response = await api.Client.GetAsync("/api/experiments/exp-00000000/events").Within();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> NewRunAsync() =>
        RunPlan.MakeRunId((await api.Client.CreateExperimentAsync(Specs.ValidJson)).Id, 0);

    private async Task<HttpResponseMessage> OpenAsync(string path, CancellationToken cancellationToken, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    private static async Task<(string?, string?, double?)> NextSampleAsync(SseReader events, CancellationToken cancellationToken)
    {
        var next = await events.NextAsync(cancellationToken);
        return (next?.Name, next?.Id, next?.Read<LiveSample>().AtMs);
    }

    private static (int, RunStatus, RunStep?) Change(SseEvent e)
    {
        var change = e.Read<RunStatusChange>();
        return (change.Index, change.Status, change.Step);
    }
}
