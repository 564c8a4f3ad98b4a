using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using MigrationAspire.Contracts;
using MigrationAspire.EndToEnd.Tests.Fixture;
using Xunit.Abstractions;

namespace MigrationAspire.EndToEnd.Tests.Lab;

/// <summary>The whole app model, started by the app host itself, comes up and its parts talk to each other.</summary>
[Collection(LabCollection.Name)]
public sealed class LabTests(LabFixture lab, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_resource_of_the_app_model_becomes_healthy()
    {
        output.WriteLine($"the lab was healthy {lab.StartupTime.TotalSeconds:F1} s after the test host started it");
        var notifications = lab.App.Services.GetRequiredService<ResourceNotificationService>();
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var name in LabFixture.ResourceNames)
        {
            var healthy = await notifications.WaitForResourceHealthyAsync(name, quick.Token);
            Assert.Equal(name, healthy.Resource.Name);
        }
        using var health = await lab.Api.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Executor_heartbeats_cross_the_real_RabbitMQ_to_the_scheduler_and_show_at_the_api()
    {
        // Each executor publishes a heartbeat on the bus; the scheduler consumes it into a host grain in Redis;
        // the API reads the grain. Three processes and the broker in between.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<HostView> hosts;
        do
        {
            hosts = await lab.Api.GetJsonAsync<List<HostView>>("/api/hosts");
            if (hosts.Count(h => h.Alive && h.Report.Accelerator == "tcg") == 3)
                break;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        foreach (var (host, alive) in hosts.Select(h => (h.Report, h.Alive)))
            output.WriteLine($"{host.Host}: alive={alive} {host.Accelerator} ({host.AcceleratorReason}) QEMU {host.QemuVersion}, {host.MemoryUsedMiB}/{host.MemoryBudgetMiB} MiB, {host.Vms.Count}/{host.MaxVms} VMs");
        Assert.Equal(["a", "b", "c"], hosts.Select(h => h.Report.Host).Order());
        Assert.All(hosts, h =>
        {
            Assert.True(h.Alive, $"host {h.Report.Host}: {h.DownReason}");
            Assert.Equal("tcg", h.Report.Accelerator);
            Assert.Equal(3072, h.Report.MemoryBudgetMiB);
            Assert.True(Version.Parse(h.Report.QemuVersion).Major >= 9, $"QEMU {h.Report.QemuVersion} on {h.Report.Host}");
            Assert.True(DateTimeOffset.UtcNow - h.LastSeen < TimeSpan.FromSeconds(10));
        });
    }

    [Fact]
    public async Task A_bad_spec_gets_a_problem_details_400_naming_the_field_and_creates_nothing()
    {
        var before = await lab.Api.GetJsonAsync<System.Text.Json.JsonElement>("/api/experiments?limit=1");
        using var content = new StringContent("""{ "name": "bad", "vm": { "memoryMiB": 64 } }""", System.Text.Encoding.UTF8, "application/json");
        using var response = await lab.Api.PostAsync("/api/experiments", content);
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("vm.memoryMiB", body);
        var after = await lab.Api.GetJsonAsync<System.Text.Json.JsonElement>("/api/experiments?limit=1");
        Assert.Equal(before.GetProperty("total").GetInt32(), after.GetProperty("total").GetInt32());
    }
}
