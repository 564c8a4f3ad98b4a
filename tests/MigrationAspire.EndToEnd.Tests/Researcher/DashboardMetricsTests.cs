using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Researcher;

/// <summary>
/// The migration instruments (the executor's <c>MigrationInstruments</c>, on the <c>MigrationAspire.Executor</c> meter) on the test lab's own Aspire dashboard, read on its
/// Metrics page in a real browser: Aspire 13's dashboard HTTP API serves spans, logs and traces, but no metrics.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class DashboardMetricsTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*$", RegexOptions.Multiline)]
    private static partial Regex NumberLine();

    [Fact]
    public async Task The_dashboard_shows_a_running_migrations_remaining_bytes_tagged_by_host_and_mode_then_its_success_and_phases()
    {
        // A 24 MiB/s cap keeps 384 MiB migrating for several seconds: long enough for a few 1 s metric exports.
        var created = await lab.Api.PostExperimentAsync("""
            {
              "name": "e2e-dashboard-metrics",
              "vm": { "memoryMiB": 384, "vcpus": 1 },
              "workload": { "workingSetMiB": 96, "dirtyRatePagesPerSecond": 2000 },
              "migration": { "mode": "precopy", "maxBandwidthMiBps": 24, "maxTimeSeconds": 90 }
            }
            """);
        var runId = RunPlan.MakeRunId(created.Id, 0);
        var run = await RunningAsync(runId);
        Assert.Equal(RunStatus.Running, run.Status);
        var executor = $"executor-{run.SourceHost}";

        await using var browser = await LabBrowser.LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        // The login address carries the dashboard's browser token and leaves a cookie behind.
        await page.GotoAsync(lab.DashboardLogin.ToString(), new PageGotoOptions { Timeout = 60_000 });

        var remaining = await InstrumentAsync(page, executor, "migration.data.remaining", "Memory still to send of each migration in flight");
        var during = await lab.Api.GetJsonAsync<RunRecord>($"/api/runs/{runId}");
        output.WriteLine($"{executor} migration.data.remaining while the run was {during.Status}: {string.Join(", ", remaining.Values)}");
        Assert.Contains(remaining.Values, v => v > 0);
        // Tag names and values as the filters list them (values of runs of earlier tests may be there too).
        Assert.Contains("\nhost\n", remaining.Filters);
        Assert.Contains("migration.mode", remaining.Filters);
        Assert.Contains("precopy", remaining.Filters);

        var final = await lab.Api.WaitForFinalAsync(created.Id, RunTimeout);
        Assert.Equal("completed", final.Status.ToString().ToLowerInvariant());
        var succeeded = await InstrumentAsync(page, executor, "migration.succeeded", "Migrations that completed with a healthy guest on the destination");
        output.WriteLine($"migration.succeeded: {string.Join(", ", succeeded.Values)}");
        Assert.Contains(succeeded.Values, v => v >= 1);
        var phases = await InstrumentAsync(page, executor, "migration.phase.duration", "How long each phase of a completed migration took");
        Assert.Contains("migration.phase", phases.Filters);
        Assert.Contains("downtime", phases.Filters);
    }

    private async Task<RunRecord> RunningAsync(string runId)
    {
        var clock = Stopwatch.StartNew();
        RunRecord? run = null;
        while (clock.Elapsed < RunTimeout)
        {
            run = await lab.Api.GetJsonAsync<RunRecord>($"/api/runs/{runId}");
            if (run.Status != RunStatus.Pending && run.SourceHost is not null)
                return run;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{runId} did not start within {RunTimeout}: {run?.Status}");
    }

    /// <summary>
    /// Opens one instrument of the executor's meter in the Metrics page's table view and waits until it shows a value
    /// (the services export every second): the numbers in its table, and the text of its filters (tag names and values).
    /// </summary>
    private static async Task<(IReadOnlyList<double> Values, string Filters)> InstrumentAsync(IPage page, string resource, string instrument, string description)
    {
        var root = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
        var clock = Stopwatch.StartNew();
        string text = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            await page.GotoAsync($"{root}/metrics/resource/{resource}?meter={Uri.EscapeDataString("MigrationAspire.Executor")}"
                + $"&instrument={Uri.EscapeDataString(instrument)}&duration=5&view=Table", new PageGotoOptions { Timeout = 60_000 });
            try
            {
                await page.GetByText(description).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
                await page.GetByText("Filters", new PageGetByTextOptions { Exact = true }).WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            }
            catch (TimeoutException)
            {
                continue;
            }
            text = await page.Locator("body").InnerTextAsync();
            var start = text.IndexOf(description, StringComparison.Ordinal);
            var filters = text.IndexOf("\nFilters", start, StringComparison.Ordinal);
            if (start >= 0 && filters > start)
            {
                var values = NumberLine().Matches(text[start..filters]).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                if (values.Count > 0)
                    return (values, text[filters..].Replace("\t", "\n"));
            }
            await Task.Delay(1_000);
        }
        throw new TimeoutException($"the dashboard showed no value of {instrument} for {resource} within 90 s; last page text:\n{text}");
    }
}
