using System.Net;
using MigrationAspire.Api.Live;
using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Api.Tests.Validation;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Runs;

[Collection(ApiCollection.Name)]
public sealed class RunsApiTests(ApiFixture api)
{
    [Fact]
    public async Task Get_existing_run_returns_parameters_and_status()
    {
        var experiment = await api.Client.CreateExperimentAsync(Specs.WithJson("""{"sweep": {"migration.mode": ["precopy", "stopcopy"]}}"""));
        var runId = RunPlan.MakeRunId(experiment.Id, 3);
        api.Lab.SetRun(runId, RunStatus.Running, RunStep.Boot);

        using var response = await api.Client.GetAsync($"/api/runs/{runId}").Within();

        var run = await response.ReadAsync<RunRecord>();
        Assert.Equal(runId, run.Plan.RunId);
        Assert.Equal(1, run.Plan.Repetition);
        Assert.Equal("migration.mode=\"stopcopy\"", run.Plan.GroupKey);
        Assert.Equal(MigrationMode.Stopcopy, run.Plan.Migration.Mode);
        Assert.Equal((RunStatus.Running, RunStep.Boot), (run.Status, run.Step));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("exp-00000000-abc")]
    [InlineData("exp-00000000-0000")]
    [InlineData("exp-00000000-0000/samples")]
    public async Task Get_malformed_or_unknown_run_returns_404_problem(string path)
    {
        using var response = await api.Client.GetAsync($"/api/runs/{path}").Within();

        var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.StartsWith($"No run has the id '{path.Split('/')[0]}'", problem.Detail);
    }

    [Fact]
    public async Task Get_index_past_the_last_run_returns_404()
    {
        var experiment = await api.Client.CreateExperimentAsync(Specs.ValidJson);

        using var response = await api.Client.GetAsync($"/api/runs/{RunPlan.MakeRunId(experiment.Id, 2)}").Within();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Samples_run_with_samples_in_redis_returns_them_oldest_first_with_ids()
    {
        var runId = RunPlan.MakeRunId((await api.Client.CreateExperimentAsync(Specs.ValidJson)).Id, 0);
        string[] ids = [await api.Redis.Database.AddSampleAsync(runId, 100, remainingBytes: 3000),
            await api.Redis.Database.AddSampleAsync(runId, 200, remainingBytes: 2000),
            await api.Redis.Database.AddSampleAsync(runId, 300, "completed")];

        using var response = await api.Client.GetAsync($"/api/runs/{runId}/samples").Within();

        var samples = await response.ReadAsync<List<SampleEntry>>();
        Assert.Equal(ids, samples.Select(s => s.Id));
        Assert.Equal([100.0, 200.0, 300.0], samples.Select(s => s.Sample.AtMs));
        Assert.Equal([3000L, 2000L, 0L], samples.Select(s => s.Sample.RemainingBytes));
        Assert.Equal("completed", samples[^1].Sample.Status);
    }

    [Fact]
    public async Task Samples_written_by_an_earlier_executor_under_former_field_names_read_with_the_current_ones()
    {
        var runId = RunPlan.MakeRunId((await api.Client.CreateExperimentAsync(Specs.ValidJson)).Id, 0);
        var stored = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Live", "StoredByMain", "live-samples-main.jsonl"));
        foreach (var line in stored)
            await api.Redis.Database.StreamAddAsync(LiveSampleStream.Key(runId), LiveSampleStream.Field, line).Within();

        using var response = await api.Client.GetAsync($"/api/runs/{runId}/samples").Within();

        var body = await response.Content.ReadAsStringAsync().Within();
        Assert.DoesNotContain("iterations", body);
        var samples = await response.ReadAsync<List<SampleEntry>>();
        Assert.Equal([1L, 3L, 0L], samples.Select(s => s.Sample.Pass));
        Assert.Equal([105.5, 2205.1, 2400.0], samples.Select(s => s.Sample.AtMs));
        Assert.Equal(["active", "active", "completed"], samples.Select(s => s.Sample.Status));
    }

    [Fact]
    public async Task Samples_after_and_count_read_on_from_the_given_id()
    {
        var runId = RunPlan.MakeRunId((await api.Client.CreateExperimentAsync(Specs.ValidJson)).Id, 1);
        var first = await api.Redis.Database.AddSampleAsync(runId, 100);
        var second = await api.Redis.Database.AddSampleAsync(runId, 200);
        var third = await api.Redis.Database.AddSampleAsync(runId, 300);

        using var after = await api.Client.GetAsync($"/api/runs/{runId}/samples?after={first}").Within();
        using var capped = await api.Client.GetAsync($"/api/runs/{runId}/samples?after={first}&count=1").Within();

        Assert.Equal([second, third], (await after.ReadAsync<List<SampleEntry>>()).Select(s => s.Id));
        Assert.Equal([second], (await capped.ReadAsync<List<SampleEntry>>()).Select(s => s.Id));
    }

    [Fact]
    public async Task Samples_known_run_without_samples_returns_empty_list()
    {
        var runId = RunPlan.MakeRunId((await api.Client.CreateExperimentAsync(Specs.ValidJson)).Id, 0);

        using var response = await api.Client.GetAsync($"/api/runs/{runId}/samples").Within();

        Assert.Equal("[]", await response.Content.ReadAsStringAsync().Within());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Samples_unknown_run_with_a_stream_returns_404()
    {
        // A stream without a run (left over, or a typo away from a real one) is not a run.
        await api.Redis.Database.AddSampleAsync("exp-0badc0de-0000", 100);

        using var response = await api.Client.GetAsync("/api/runs/exp-0badc0de-0000/samples").Within();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("after=yesterday", "after")]
    [InlineData("count=0", "count")]
    [InlineData("count=20001", "count")]
    public async Task Samples_bad_query_returns_400_naming_the_parameter(string query, string field)
    {
        var runId = RunPlan.MakeRunId((await api.Client.CreateExperimentAsync(Specs.ValidJson)).Id, 0);

        using var response = await api.Client.GetAsync($"/api/runs/{runId}/samples?{query}").Within();

        Assert.Contains($"{field} must be", (await response.ReadValidationProblemAsync()).Errors[field][0]);
    }
}
