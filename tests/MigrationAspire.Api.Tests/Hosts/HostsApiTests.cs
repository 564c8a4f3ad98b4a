using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Hosts;

[Collection(ApiCollection.Name)]
public sealed class HostsApiTests(ApiFixture api)
{
    [Fact]
    public async Task List_RegisteredHosts_ReturnsEachWithLivenessAcceleratorAndCapacity()
    {
        api.Lab.AddHost(Host("b", alive: false, accelerator: "tcg"));
        api.Lab.AddHost(Host("a", alive: true, accelerator: "kvm"));

        using var response = await api.Client.GetAsync("/api/hosts").Within();

        var hosts = await response.ReadAsync<List<HostView>>();
        Assert.Equal(["a", "b"], hosts.Select(h => h.Host));
        Assert.Equal([true, false], hosts.Select(h => h.Alive));
        Assert.Equal(["kvm", "tcg"], hosts.Select(h => h.Accelerator));
        Assert.Equal((4096, 512, 4), (hosts[0].MemoryBudgetMiB, hosts[0].MemoryUsedMiB, hosts[0].MaxVms));
        Assert.Equal(["vm-1"], hosts[0].Vms);
    }

    private static HostView Host(string name, bool alive, string accelerator) => new()
    {
        Host = name, Alive = alive, LastSeen = DateTimeOffset.UtcNow, InstanceId = $"{name}-1",
        Accelerator = accelerator, AcceleratorReason = "probed", QemuVersion = "10.0.2",
        MigrationAddress = "127.0.0.1", MemoryBudgetMiB = 4096, MemoryUsedMiB = 512, MaxVms = 4, Vms = ["vm-1"],
        DownReason = alive ? null : "no heartbeat for 30 s",
    };
}
