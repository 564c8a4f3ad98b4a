using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Cli;

/// <summary>The command line against the whole lab, run as its own process with output redirected (so plain).</summary>
[Collection(LabCollection.Name)]
public sealed partial class CliTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan QuickTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Submit_with_watch_exits_zero_once_the_experiment_completed_having_listed_every_run()
    {
        var spec = WriteSpec("""
            {
              "name": "e2e-cli-watch",
              "vm": { "memoryMiB": 384, "vcpus": 1 },
              "workload": { "workingSetMiB": 64, "dirtyRatePagesPerSecond": 5000 },
              "migration": { "mode": "precopy", "maxTimeSeconds": 60 },
              "sweep": { "migration.mode": ["precopy", "stopcopy"] }
            }
            """);

        var run = await CliProcess.RunAsync(lab.Api.BaseAddress!, WatchTimeout, "exp", "submit", spec, "--watch");
        output.WriteLine(run.Output + run.Error);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Output);
        var id = Submitted().Match(run.Output).Groups[1].Value;
        Assert.StartsWith("exp-", id);
        Assert.Contains($"Live page: {lab.Api.BaseAddress}experiments/{id}", run.Output);
        var runs = await lab.Api.GetFromJsonAsync<List<RunRecord>>($"/api/experiments/{id}/runs", ApiClient.Json);
        Assert.Equal(2, runs!.Count);
        var lines = run.Output.Split('\n');
        foreach (var r in runs)
        {
            Assert.Equal(RunStatus.Completed, r.Status);
            // Live while it ran: a line per pass with QEMU's figures, then its outcome, then its row in the final table.
            Assert.Contains(lines, l => l.StartsWith($"{r.Plan.RunId}  running/migrate  pass ") && l.Contains(" MiB left "));
            Assert.Contains(lines, l => l.StartsWith($"{r.Plan.RunId}  completed  total "));
            Assert.Contains(lines, l => l.Contains(r.Plan.RunId) && l.Contains("completed") && l.Contains($"migration.mode={r.Result!.Mode.ToString().ToLowerInvariant()}"));
        }
        Assert.Contains($"{id} e2e-cli-watch: completed · 2 of 2 runs finished", run.Output);
    }

    [Fact]
    public async Task Submit_of_a_bad_spec_exits_non_zero_printing_each_broken_fields_problem_and_creates_nothing()
    {
        const string bad = """{ "name": "", "vm": { "memoryMiB": 64 }, "repetitions": 0, "migration": { "downtimeLimitMs": -5 } }""";
        var before = await CountExperimentsAsync();
        using var direct = await lab.Api.PostAsync("/api/experiments", new StringContent(bad, System.Text.Encoding.UTF8, "application/json"));
        var problem = await direct.Content.ReadFromJsonAsync<Problem>();

        var run = await CliProcess.RunAsync(lab.Api.BaseAddress!, QuickTimeout, "exp", "submit", WriteSpec(bad));
        output.WriteLine(run.Output + run.Error);

        Assert.Equal(2, run.ExitCode);
        Assert.True(problem!.Errors.Count >= 4, $"the API named only {string.Join(", ", problem.Errors.Keys)}");
        var printed = run.Error.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(problem.Title, printed[0]);
        foreach (var (field, messages) in problem.Errors)
            foreach (var message in messages)
                Assert.Contains($"  {field}: {message}", printed);
        Assert.DoesNotContain("Submitted", run.Output);
        Assert.Equal(before, await CountExperimentsAsync());
    }

    [Fact]
    public async Task Hosts_lists_every_executor_of_the_lab_with_its_accelerator()
    {
        var run = await CliProcess.RunAsync(lab.Api.BaseAddress!, QuickTimeout, "hosts");
        output.WriteLine(run.Output + run.Error);

        Assert.Equal(0, run.ExitCode);
        foreach (var host in new[] { "a", "b", "c" })
            Assert.Matches(new Regex($@"(?m)^\| {host} +\| up +\| tcg "), run.Output);
    }

    private async Task<int> CountExperimentsAsync() =>
        (await lab.Api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/experiments?limit=1")).GetProperty("total").GetInt32();

    private string WriteSpec(string json)
    {
        var file = Path.Combine(lab.LabDirectory, $"spec-{Guid.NewGuid():n}.json");
        File.WriteAllText(file, json);
        return file;
    }

    private sealed record Problem(string Title, Dictionary<string, string[]> Errors);

    [GeneratedRegex(@"Submitted (exp-[0-9a-f]+) ")]
    private static partial Regex Submitted();
}
