using System.Diagnostics;
using Microsoft.Playwright;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Pages;

/// <summary>The live page in a real browser (Debian's Chromium) during a real migration of the whole lab.</summary>
[Collection(LabCollection.Name)]
public sealed class LivePageTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    /// <summary>Set to a directory (e.g. docs/screenshots) to keep the screenshot there too.</summary>
    private const string ScreenshotsVariable = "LAB_SCREENSHOTS";

    [Fact]
    public async Task The_live_page_charts_the_running_migration_as_samples_arrive_and_shows_its_run_change_status()
    {
        // A 24 MiB/s cap makes the migration last several seconds: long enough to watch it grow.
        var created = await lab.Api.PostExperimentAsync("""
            {
              "name": "e2e-live-page",
              "vm": { "memoryMiB": 384, "vcpus": 1 },
              "workload": { "workingSetMiB": 96, "dirtyRatePagesPerSecond": 2000 },
              "migration": { "mode": "precopy", "maxBandwidthMiBps": 24, "maxTimeSeconds": 90 },
              "repetitions": 2
            }
            """);
        var api = lab.Api.BaseAddress!;
        var firstRun = RunPlan.MakeRunId(created.Id, 0);
        await using var browser = await LabBrowser.LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.Request += (_, request) => { if (!request.Url.StartsWith(api.ToString(), StringComparison.Ordinal)) problems.Add($"request outside the lab: {request.Url}"); };

        await page.GotoAsync($"{api}experiments/{created.Id}", new PageGotoOptions { Timeout = 60_000 });
        // The page shows "Experiment" until its first fetch of the experiment answers (seconds on a loaded machine).
        var title = await TitleAsync(page);

        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        int? pointsWhenFirstSeen = null, pointsLater = null;
        int passes = 0;
        string? screenshot = null, remainingPath = null;
        while (clock.Elapsed < RunTimeout)
        {
            var status = await page.Locator($"#run-{firstRun} td[data-status]").GetAttributeAsync("data-status", new LocatorGetAttributeOptions { Timeout = 10_000 });
            if (status is not null && (seen.Count == 0 || seen[^1] != status))
                seen.Add(status);
            var points = await ChartAsync(page, "data-points");
            if (status == "running" && points > 0)
            {
                pointsWhenFirstSeen ??= points;
                if (points >= pointsWhenFirstSeen + 5)
                    pointsLater ??= points;
                // Read while the first run is charted: the chart moves on to the next run when it starts.
                passes = Math.Max(passes, await ChartAsync(page, "data-passes"));
                remainingPath = await page.Locator("#chart path.remaining").GetAttributeAsync("d");
                // A few passes in, the picture shows what the page is for.
                if (screenshot is null && passes >= 3)
                    screenshot = await ScreenshotAsync(page);
            }
            if (status is "completed" or "failed" or "cancelled")
                break;
            await Task.Delay(150);
        }
        var readout = await page.Locator("#readout").TextContentAsync();
        output.WriteLine($"title {title}; statuses {string.Join(" → ", seen)}; points {pointsWhenFirstSeen} → {pointsLater}; passes {passes}; screenshot {screenshot}; readout {readout}");
        foreach (var problem in problems)
            output.WriteLine(problem);

        Assert.Equal("e2e-live-page", title);
        Assert.Contains("running", seen);
        Assert.Equal("completed", seen[^1]);
        Assert.True(pointsLater > pointsWhenFirstSeen, $"the chart did not grow while the run migrated: {pointsWhenFirstSeen} → {pointsLater}");
        Assert.True(passes >= 2, $"the chart marked {passes} passes; a pre-copy over a capped link has several");
        Assert.StartsWith("M", remainingPath);
        // Finished: the row shows the run's own figures, as the API has them.
        var run = await lab.Api.GetJsonAsync<RunRecord>($"/api/runs/{firstRun}");
        var downtimeCell = page.Locator($"#run-{firstRun} td[data-field=downtimeMs]");
        await Assertions.Expect(downtimeCell).Not.ToHaveTextAsync("—", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        var shown = double.Parse((await downtimeCell.TextContentAsync())!.Replace("\u202f", ""), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(shown, run.Result!.DowntimeMs!.Value - 0.5, run.Result.DowntimeMs.Value + 0.5);
        Assert.Empty(problems);
        screenshot ??= await ScreenshotAsync(page);
        await lab.Api.WaitForFinalAsync(created.Id, RunTimeout);
    }

    private static async Task<string?> TitleAsync(IPage page)
    {
        var heading = page.Locator("#title");
        var waited = Stopwatch.StartNew();
        string? title;
        do
        {
            title = await heading.TextContentAsync(new LocatorTextContentOptions { Timeout = 30_000 });
            if (title != "Experiment")
                return title;
            await Task.Delay(200);
        }
        while (waited.Elapsed < TimeSpan.FromSeconds(60));
        return title;
    }

    private static async Task<int> ChartAsync(IPage page, string attribute) =>
        int.Parse(await page.Locator("#chart").GetAttributeAsync(attribute, new LocatorGetAttributeOptions { Timeout = 10_000 }) ?? "0");

    private async Task<string> ScreenshotAsync(IPage page)
    {
        var file = Path.Combine(lab.Logs.Directory, "live-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true, Timeout = 30_000 });
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(file, Path.Combine(keep, "live-page.png"), overwrite: true);
        }
        return file;
    }
}
