using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Network;
using MigrationAspire.Executor.Vms;

namespace MigrationAspire.Executor.Tests.Migration;

/// <summary>
/// The destination reaches one verdict per run: a source that asks again (its first reply lost while RabbitMQ
/// restarted) gets that verdict, not a second inspection of a guest the first one already handed over.
/// </summary>
public sealed class GuestConfirmerTests
{
    private static GuestConfirmer Confirmer()
    {
        var options = Options.Create(new ExecutorOptions { HostName = "b" });
        var vms = new VmRegistry(options, new HostRuntime(), new HostNetwork(options), NullLogger<VmRegistry>.Instance);
        return new GuestConfirmer(vms, options, NullLogger<GuestConfirmer>.Instance);
    }

    private static ConfirmGuest Request(string runId) => new() { RunId = runId, VmId = "vm-1", Host = "b", ExpectedPages = 8192 };

    [Fact]
    public async Task A_repeated_request_for_a_run_gets_the_first_requests_verdict()
    {
        var confirmer = Confirmer();

        var first = await confirmer.ConfirmAsync(Request("run-1"), CancellationToken.None);
        var again = await confirmer.ConfirmAsync(Request("run-1"), CancellationToken.None);

        Assert.Same(first, again);
        Assert.False(first.Healthy);
        Assert.Contains("holds no incoming VM vm-1 for run run-1", first.Reason);
    }

    [Fact]
    public async Task Another_run_gets_a_verdict_of_its_own()
    {
        var confirmer = Confirmer();

        var first = await confirmer.ConfirmAsync(Request("run-1"), CancellationToken.None);
        var other = await confirmer.ConfirmAsync(Request("run-2"), CancellationToken.None);

        Assert.NotSame(first, other);
        Assert.Contains("run run-2", other.Reason);
    }
}
