using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Researcher;

/// <summary>The report as a reader opens it after a real experiment, and a lab that starts and runs without an error in any log.</summary>
[Collection(LabCollection.Name)]
public sealed partial class ReportAndCleanStartTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(8);
    private const string ScreenshotsVariable = "LAB_SCREENSHOTS";

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    // The console logger's level prefixes for Error and Critical.
    [GeneratedRegex(@"(^|\s)(fail|crit): ")]
    private static partial Regex ErrorLine();

    [Fact]
    public async Task A_finished_experiment_has_a_report_that_names_it_and_links_its_live_page_and_no_resource_logged_an_error()
    {
        var created = await lab.Api.PostExperimentAsync("""
            {
              "name": "e2e-report",
              "vm": { "memoryMiB": 256, "vcpus": 1 },
              "workload": { "workingSetMiB": 64, "dirtyRatePagesPerSecond": 2000 },
              "migration": { "maxTimeSeconds": 60 },
              "sweep": { "migration.mode": ["precopy", "stopcopy"] }
            }
            """);
        var final = await lab.Api.WaitForFinalAsync(created.Id, RunTimeout);
        Assert.Equal("completed", final.Status.ToString().ToLowerInvariant());

        var api = lab.Api.BaseAddress!;
        await using var browser = await LabBrowser.LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        await page.GotoAsync($"{api}api/analytics/experiments/{created.Id}/report", new PageGotoOptions { Timeout = 60_000 });

        Assert.Equal($"e2e-report ({created.Id})", await page.Locator("h1").TextContentAsync());
        var facts = await page.Locator("#facts").TextContentAsync();
        Assert.Matches(@"QEMU\d+\.\d+", facts);
        Assert.Contains("Accelerator", facts);
        Assert.Contains("migration.mode=stopcopy", await page.Locator("#groups").TextContentAsync());
        // Tables fit the page at 1 280 px: none is wider than the block that holds it, nor the page than the window.
        var overflowing = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('table')]
                .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
                .map(t => `${t.id || t.querySelector('th')?.textContent}: ${t.scrollWidth} px in ${t.parentElement.clientWidth} px`)
                .concat(document.documentElement.scrollWidth > window.innerWidth ? [`page: ${document.documentElement.scrollWidth} px`] : [])
            """);
        Assert.Empty(overflowing);
        await page.Locator("a", new PageLocatorOptions { HasText = "live page" }).ClickAsync();
        // As long as the report itself may take to load on a loaded machine (GotoAsync above): 30 s timed out once.
        await page.WaitForURLAsync($"{api}experiments/{created.Id}", new PageWaitForURLOptions { Timeout = 60_000 });
        await Screenshot(page, created.Id);

        // Aspire's own dashboard is left out: it logs an error whenever a browser closes while one of its pages is
        // open (a disposed Blazor circuit), which DashboardMetricsTests does by design.
        var errors = Directory.EnumerateFiles(lab.Logs.Directory, "*.log")
            .Where(file => Path.GetFileNameWithoutExtension(file) != "aspire-dashboard")
            .SelectMany(file => ReadShared(file).Select(line => (Resource: Path.GetFileNameWithoutExtension(file), Line: Ansi().Replace(line, ""))))
            .Where(l => ErrorLine().IsMatch(l.Line))
            .ToList();
        // A part of the lab killed on purpose (FaultMatrixTests, SupervisionTests) makes the others log errors until it is back.
        var expected = errors.Count(l => lab.Faults.Explains(l.Line) is not null);
        output.WriteLine($"{expected} error lines fall in the windows of deliberate faults");
        errors = errors.Where(l => lab.Faults.Explains(l.Line) is null).ToList();
        foreach (var error in errors)
            output.WriteLine($"{error.Resource}: {error.Line}");
        Assert.Empty(errors.Select(l => $"{l.Resource}: {l.Line}"));
    }

    private async Task Screenshot(IPage page, string experimentId)
    {
        await page.GotoAsync($"{lab.Api.BaseAddress}api/analytics/experiments/{experimentId}/report", new PageGotoOptions { Timeout = 60_000 });
        var file = Path.Combine(lab.Logs.Directory, "report.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = false, Timeout = 30_000 });
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(file, Path.Combine(keep, "report.png"), overwrite: true);
        }
    }

    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
            yield return line;
    }
}
