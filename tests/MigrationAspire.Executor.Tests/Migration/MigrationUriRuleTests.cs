using MigrationAspire.Executor.Migration;

namespace MigrationAspire.Executor.Tests.Migration;

public sealed class MigrationUriRuleTests
{
    [Fact]
    public void A_tcp_uri_to_the_destination_s_advertised_address_with_a_port_may_go_to_qemu() =>
        Assert.Null(MigrationUriRule.Refusal("tcp:10.77.0.2:49152", "b", "10.77.0.2"));

    [Theory]
    [InlineData("exec:touch /tmp/pwned", "only tcp:<address>:<port>")]
    [InlineData("exec:nc 10.77.0.2 4444", "only tcp:<address>:<port>")]
    [InlineData("unix:/run/evil.sock", "only tcp:<address>:<port>")]
    [InlineData("fd:3", "only tcp:<address>:<port>")]
    [InlineData("rdma:10.77.0.2:4444", "only tcp:<address>:<port>")]
    [InlineData("TCP:10.77.0.2:4444", "only tcp:<address>:<port>")]
    [InlineData("tcp:192.0.2.9:4444", "host b listens at 10.77.0.2, not there")]
    [InlineData("tcp:10.77.0.20:4444", "host b listens at 10.77.0.2, not there")]
    [InlineData("tcp:10.77.0.2:4444,ipv4=on", "'4444,ipv4=on' is not a port")]
    [InlineData("tcp:10.77.0.2:", "'' is not a port")]
    [InlineData("tcp:10.77.0.2:0", "'0' is not a port")]
    [InlineData("tcp:10.77.0.2:65536", "'65536' is not a port")]
    [InlineData("tcp:10.77.0.2:４４４４", "is not a port")]
    public void Any_other_migration_uri_is_refused_naming_why(string uri, string why)
    {
        var refusal = MigrationUriRule.Refusal(uri, "b", "10.77.0.2");

        Assert.NotNull(refusal);
        Assert.Contains(why, refusal);
    }

    [Fact]
    public void A_destination_that_advertised_no_address_takes_no_migration() =>
        Assert.Contains("host b has not advertised its migration address", MigrationUriRule.Refusal("tcp:127.0.0.1:4444", "b", null));

    [Fact]
    public void A_refused_uri_is_shown_as_one_printable_line() =>
        Assert.DoesNotContain('\n', MigrationUriRule.Refusal("exec:sh\n\u001b[31m" + new string('x', 500), "b", "127.0.0.1") ?? "refused");

    [Fact]
    public void An_ipv6_address_is_bracketed_as_qemu_writes_it() =>
        Assert.Null(MigrationUriRule.Refusal("tcp:[fd00::2]:4444", "b", "fd00::2"));

    [Fact]
    public async Task The_address_book_holds_what_each_host_last_advertised()
    {
        var addresses = new MigrationAddresses();
        addresses.Learn(Report("b", "10.77.0.2"));
        addresses.Learn(Report("b", "10.77.0.3"));

        Assert.Equal("10.77.0.3", addresses.Of("b"));
        Assert.Null(await addresses.OfAsync("c", TimeSpan.FromMilliseconds(200), TestTimeouts.Token()));
    }

    private static Contracts.HostReport Report(string host, string address) => new()
    {
        Host = host, InstanceId = "i", Accelerator = "tcg", AcceleratorReason = "", QemuVersion = "10.0.2",
        MigrationAddress = address, MemoryBudgetMiB = 4096, MemoryUsedMiB = 0, MaxVms = 4, Vms = [],
    };
}
