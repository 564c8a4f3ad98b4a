using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MigrationAspire.Api.Experiments;
using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Api.Tests.Validation;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Experiments;

[Collection(ApiCollection.Name)]
public sealed class ExperimentsApiTests(ApiFixture api)
{
    private const string SweptSpec = """
        {"name": "sizes", "vm": {"memoryMiB": 512}, "workload": {"workingSetMiB": 64},
         "migration": {"mode": "stopcopy"}, "repetitions": 2, "sweep": {"vm.memoryMiB": [256, 512]}}
        """;

    [Fact]
    public async Task Post_valid_spec_returns_202_with_location_and_view()
    {
        var createCalls = api.Lab.CreateCalls;

        using var response = await api.Client.PostSpecAsync(SweptSpec);

        var view = await response.ReadAsync<ExperimentView>(HttpStatusCode.Accepted);
        Assert.Matches(new Regex("^exp-[0-9a-f]{8}$"), view.Id);
        Assert.Equal($"/api/experiments/{view.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("sizes", view.Name);
        Assert.Equal(ExperimentStatus.Pending, view.Status);
        Assert.Equal(4, view.Runs.Pending);
        Assert.Equal(MigrationMode.Stopcopy, view.Spec.Migration.Mode);
        Assert.Equal(["256", "512"], Assert.Single(view.Spec.Sweep).Values);
        Assert.Equal(createCalls + 1, api.Lab.CreateCalls);
        Assert.Equal(view.Id, api.Lab.Index[0]);
    }

    [Fact]
    public async Task Post_valid_spec_answers_in_spec_json()
    {
        using var response = await api.Client.PostSpecAsync(SweptSpec);

        var json = await response.Content.ReadAsStringAsync().Within();
        Assert.Contains("\"status\":\"pending\"", json);
        Assert.Contains("\"mode\":\"stopcopy\"", json);
        Assert.Contains("\"sweep\":{\"vm.memoryMiB\":[256,512]}", json);
        Assert.Contains("\"runs\":{\"pending\":4,", json);
    }

    [Fact]
    public async Task Get_experiment_returns_spec_status_and_counts_by_status()
    {
        var created = await api.Client.CreateExperimentAsync(SweptSpec);
        api.Lab.SetRun(RunPlan.MakeRunId(created.Id, 0), RunStatus.Completed);
        api.Lab.SetRun(RunPlan.MakeRunId(created.Id, 1), RunStatus.Running, RunStep.Migrate);

        using var response = await api.Client.GetAsync($"/api/experiments/{created.Id}").Within();

        var view = await response.ReadAsync<ExperimentView>();
        Assert.Equal(new RunCounts { Pending = 2, Running = 1, Completed = 1 }, view.Runs);
        Assert.Equal(created.Spec.Vm, view.Spec.Vm);
    }

    [Fact]
    public async Task List_several_experiments_newest_first_with_progress()
    {
        var older = await api.Client.CreateExperimentAsync(SweptSpec);
        var newer = await api.Client.CreateExperimentAsync(Specs.ValidJson);
        api.Lab.SetRun(RunPlan.MakeRunId(newer.Id, 0), RunStatus.Failed);

        using var response = await api.Client.GetAsync("/api/experiments").Within();

        var list = (await response.ReadAsync<ExperimentPage>()).Items;
        Assert.Equal([newer.Id, older.Id], list.Take(2).Select(e => e.Id));
        Assert.Equal(0.5, list[0].Progress);
        Assert.Equal(1, list[0].Runs.Failed);
        Assert.Equal(0, list[1].Progress);
        Assert.Equal("test", list[0].Name);
    }

    [Fact]
    public async Task Runs_swept_experiment_lists_every_run_with_its_parameters()
    {
        var created = await api.Client.CreateExperimentAsync(SweptSpec);

        using var response = await api.Client.GetAsync($"/api/experiments/{created.Id}/runs").Within();

        var runs = await response.ReadAsync<List<RunRecord>>();
        Assert.Equal(Enumerable.Range(0, 4).Select(i => RunPlan.MakeRunId(created.Id, i)), runs.Select(r => r.Plan.RunId));
        Assert.Equal(["256", "512", "256", "512"], runs.Select(r => Assert.Single(r.Plan.Parameters).Value));
        Assert.Equal([256, 512, 256, 512], runs.Select(r => r.Plan.Vm.MemoryMiB));
        Assert.All(runs, r => Assert.Equal(RunStatus.Pending, r.Status));
    }

    [Fact]
    public async Task Cancel_with_reason_returns_cancelled_view()
    {
        var created = await api.Client.CreateExperimentAsync(SweptSpec);

        using var response = await api.Client.PostAsJsonAsync($"/api/experiments/{created.Id}/cancel", new { reason = "wrong size" }).Within();

        var view = await response.ReadAsync<ExperimentView>();
        Assert.Equal(ExperimentStatus.Cancelled, view.Status);
        Assert.Equal("wrong size", view.Reason);
        Assert.Equal(4, view.Runs.Cancelled);
    }

    [Fact]
    public async Task Cancel_without_body_uses_the_default_reason()
    {
        var created = await api.Client.CreateExperimentAsync(SweptSpec);

        using var response = await api.Client.PostAsync($"/api/experiments/{created.Id}/cancel", content: null).Within();

        Assert.Equal(CancelRequest.DefaultReason, (await response.ReadAsync<ExperimentView>()).Reason);
    }

    [Theory]
    [InlineData("""{"why": "x"}""", "application/json", "why", "not be mapped")]
    [InlineData("""{"reason": 3}""", "application/json", "reason", "must be")]
    [InlineData("stop", "text/plain", "$", "must be application/json")]
    [InlineData("""{"reason": "wrong size\u001b[2J\r\nStatus: done"}""", "application/json", "reason", "reason must be printable text: it holds the control character U+001B at character 11")]
    [InlineData("""{"reason": "sizes \u202Eezis"}""", "application/json", "reason", "invisible formatting character U+202E")]
    [InlineData("""{"reason": "a", "reason": "b"}""", "application/json", "reason", "Duplicate property 'reason'")]
    public async Task Cancel_bad_body_returns_400_and_cancels_nothing(string body, string contentType, string field, string rule)
    {
        var created = await api.Client.CreateExperimentAsync(SweptSpec);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, contentType);

        using var response = await api.Client.PostAsync($"/api/experiments/{created.Id}/cancel", content).Within();

        Assert.Contains(rule, (await response.ReadValidationProblemAsync()).Errors[field][0]);
        Assert.Equal(ExperimentStatus.Pending, api.Lab.Get(created.Id)!.Status);
    }

    [Theory]
    [InlineData("GET", "/api/experiments/exp-00000000")]
    [InlineData("GET", "/api/experiments/exp-00000000/runs")]
    [InlineData("POST", "/api/experiments/exp-00000000/cancel")]
    public async Task UnknownExperiment_returns_404_problem_naming_the_id(string method, string path)
    {
        using var response = await api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).Within();

        var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("No experiment has the id 'exp-00000000'.", problem.Detail);
    }
}
