using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Hosts;

[Collection(ApiCollection.Name)]
public sealed class HostsApiTests(ApiFixture api)
{
    [Fact]
    public async Task List_registered_hosts_returns_each_with_liveness_accelerator_and_capacity()
    {
        api.Lab.AddHost(Host("b", alive: false, accelerator: "tcg"));
        api.Lab.AddHost(Host("a", alive: true, accelerator: "kvm"));

        using var response = await api.Client.GetAsync("/api/hosts").Within();

        var hosts = await response.ReadAsync<List<HostView>>();
        Assert.Equal(["a", "b"], hosts.Select(h => h.Report.Host));
        Assert.Equal([true, false], hosts.Select(h => h.Alive));
        Assert.Equal(["kvm", "tcg"], hosts.Select(h => h.Report.Accelerator));
        Assert.Equal((4096, 512, 4), (hosts[0].Report.MemoryBudgetMiB, hosts[0].Report.MemoryUsedMiB, hosts[0].Report.MaxVms));
        Assert.Equal(("vm-1", VmState.Running), (hosts[0].Report.Vms[0].VmId, hosts[0].Report.Vms[0].State));
        // In the API's words: camelCase, enums as strings.
        var body = await response.Content.ReadAsStringAsync().Within();
        Assert.Contains("\"report\":{\"host\":\"a\"", body);
        Assert.Contains("\"state\":\"running\"", body);
    }

    private static HostView Host(string name, bool alive, string accelerator) => new()
    {
        Report = new HostReport
        {
            Host = name, InstanceId = $"{name}-1", Accelerator = accelerator, AcceleratorReason = "probed", QemuVersion = "10.0.2",
            MigrationAddress = "127.0.0.1", MemoryBudgetMiB = 4096, MemoryUsedMiB = 512, MaxVms = 4,
            Vms = [new VmReport { VmId = "vm-1", State = VmState.Running, MemoryMiB = 256 }],
        },
        Alive = alive, LastSeen = DateTimeOffset.UtcNow, DownReason = alive ? null : "no heartbeat for 30 s",
    };
}
