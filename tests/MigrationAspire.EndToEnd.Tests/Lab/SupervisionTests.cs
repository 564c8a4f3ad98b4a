using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Lab;

/// <summary>What crashes comes back: the app host restarts a killed service, and the API says who is down meanwhile (issue 12).</summary>
[Collection(LabCollection.Name)]
public sealed class SupervisionTests(LabFixture lab, ITestOutputHelper output)
{
    private const string AnalyticsDocument = "/api/analytics/openapi/v1.json";
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Analytics_killed_answers_503_naming_it_then_is_started_again_by_the_app_host_and_answers_again()
    {
        var notifications = lab.App.Services.GetRequiredService<ResourceNotificationService>();
        var killed = AnalyticsProcess();
        output.WriteLine($"killing analytics, pid {killed}: {LabProcessTree.Command(killed)}");
        var clock = Stopwatch.StartNew();
        using var window = lab.Faults.Open("analytics");

        using (var process = Process.GetProcessById(killed))
        {
            process.Kill();
            Assert.True(process.WaitForExit(TestTimeouts.Step), $"analytics (pid {killed}) outlived SIGKILL");
        }
        using var down = await lab.Api.GetAsync(AnalyticsDocument).WaitAsync(TestTimeouts.Step);
        var problem = await down.Content.ReadFromJsonAsync<ProblemBody>();
        output.WriteLine($"while down: {(int)down.StatusCode} {problem?.Detail} (Retry-After {down.Headers.RetryAfter})");
        using var timeout = new CancellationTokenSource(BackWithin);
        var ended = await notifications.WaitForResourceAsync("analytics",
            e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        output.WriteLine($"{ended.Snapshot.State?.Text} (exit code {ended.Snapshot.ExitCode}) after {clock.Elapsed.TotalSeconds:F1} s");
        // Waiting for health while it is still down would end at once: the wait gives up on a resource that ended.
        await notifications.WaitForResourceAsync("analytics", KnownResourceStates.Running, timeout.Token);
        await notifications.WaitForResourceHealthyAsync("analytics", timeout.Token);
        var back = clock.Elapsed;
        using var up = await lab.Api.GetAsync(AnalyticsDocument).WaitAsync(TestTimeouts.Step);

        output.WriteLine($"healthy again after {back.TotalSeconds:F1} s; then {(int)up.StatusCode}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.StartsWith("The analytics service is not reachable: ", problem?.Detail);
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.NotEqual(killed, AnalyticsProcess());
    }

    /// <summary>The analytics program itself: killing the <c>dotnet run</c> that launched it would orphan it.</summary>
    private static int AnalyticsProcess() => LabPrograms.Service("Analytics");

    private sealed record ProblemBody(string? Title, string? Detail);
}
