using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Tests.Qmp;

namespace MigrationAspire.Executor.Tests.Migration;

public sealed class MigrationTuningTests
{
    [Fact]
    public async Task ApplyAsync_capability_the_qemu_lacks_fails_naming_it_before_setting_anything()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var spec = new MigrationSpec { Mode = MigrationMode.Postcopy };
        var capabilities = MigrationTuning.SourceCapabilities(spec);

        var applying = MigrationTuning.ApplyAsync(qmp.Client, capabilities, MigrationTuning.SourceParameters(spec), "a", CancellationToken.None);
        // This QEMU knows no post-copy.
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate-capabilities"),
            """[{"state": true, "capability": "events"}, {"state": false, "capability": "auto-converge"}]""");

        var error = await Assert.ThrowsAsync<MigrationSetupException>(() => applying.Within());
        Assert.Contains("'postcopy-ram'", error.Message);
        Assert.Contains("host a", error.Message);
    }

    [Fact]
    public async Task ApplyAsync_sets_an_optional_capability_only_where_this_qemu_has_it()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var spec = new MigrationSpec { Mode = MigrationMode.Postcopy };

        var applying = MigrationTuning.ApplyAsync(qmp.Client, MigrationTuning.DestinationCapabilities(spec), MigrationTuning.DestinationParameters(spec), "b",
            CancellationToken.None, MigrationTuning.OptionalDestinationCapabilities(spec));
        // This QEMU has post-copy but no blocktime: the run goes on, its blocktime figures stay null.
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate-capabilities"),
            """[{"state": true, "capability": "events"}, {"state": false, "capability": "postcopy-ram"}, {"state": false, "capability": "multifd"}]""");
        var set = await qmp.Peer.ExpectAsync("migrate-set-capabilities");
        var names = set.Arguments!.Value.GetProperty("capabilities").EnumerateArray().Select(c => c.GetProperty("capability").GetString()).ToList();
        await qmp.Peer.ReplyAsync(set, "{}");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("migrate-set-parameters"), "{}");
        await applying.Within();

        Assert.Equal(["events", "postcopy-ram", "multifd"], names);
        Assert.Contains(MigrationTuning.OptionalDestinationCapabilities(spec), c => c is { Capability: "postcopy-blocktime", State: true });
    }

    [Fact]
    public async Task ApplyAsync_qemu_refuses_a_value_fails_with_qemus_words()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var spec = new MigrationSpec { MultifdChannels = 2, Compression = MultifdCompression.Zstd };

        var applying = MigrationTuning.ApplyAsync(qmp.Client, MigrationTuning.SourceCapabilities(spec), MigrationTuning.SourceParameters(spec), "b", CancellationToken.None);
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate-capabilities"), QmpTranscripts.MigrationCapabilitiesSubset);
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("migrate-set-capabilities"), "{}");
        await qmp.Peer.ErrorAsync(await qmp.Peer.ExpectAsync("migrate-set-parameters"), "GenericError", "zstd compression is not supported");

        var error = await Assert.ThrowsAsync<MigrationSetupException>(() => applying.Within());
        Assert.Contains("zstd compression is not supported", error.Message);
    }

    [Fact]
    public void SourceParameters_nothing_specified_are_qemus_defaults_so_a_reused_vm_forgets_the_last_run()
    {
        var parameters = MigrationTuning.SourceParameters(new MigrationSpec());

        Assert.Equal(128L * 1024 * 1024, parameters.MaxBandwidth);
        Assert.Equal(0, parameters.MaxPostcopyBandwidth);
        Assert.Equal(300, parameters.DowntimeLimit);
        Assert.Equal(2, parameters.MultifdChannels);
        Assert.Equal("none", parameters.MultifdCompression);
        Assert.Equal(64L * 1024 * 1024, parameters.XbzrleCacheSize);
        Assert.Equal((20, 10), (parameters.CpuThrottleInitial, parameters.CpuThrottleIncrement));
    }

    [Fact]
    public void SourceParameters_bandwidth_cap_holds_in_postcopy_too()
    {
        var parameters = MigrationTuning.SourceParameters(new MigrationSpec { MaxBandwidthMiBps = 8 });

        Assert.Equal(8L * 1024 * 1024, parameters.MaxBandwidth);
        Assert.Equal(8L * 1024 * 1024, parameters.MaxPostcopyBandwidth);
    }

    [Theory]
    [InlineData(MigrationMode.Precopy, LimitAction.Cancel, false)]
    [InlineData(MigrationMode.Postcopy, LimitAction.Cancel, true)]
    [InlineData(MigrationMode.Precopy, LimitAction.Postcopy, true)]
    public void Capabilities_postcopy_ram_on_both_sides_exactly_when_postcopy_may_happen(MigrationMode mode, LimitAction onLimit, bool expected)
    {
        var spec = new MigrationSpec { Mode = mode, OnLimit = onLimit };

        Assert.Equal(expected, MigrationTuning.SourceCapabilities(spec).Single(c => c.Capability == "postcopy-ram").State);
        Assert.Equal(expected, MigrationTuning.DestinationCapabilities(spec).Single(c => c.Capability == "postcopy-ram").State);
    }

    [Fact]
    public void Capabilities_postcopy_ram_on_both_sides_when_the_stall_policy_may_switch_to_postcopy()
    {
        var spec = new MigrationSpec { Policy = new() { Kind = ConvergencePolicyKind.Stall, Stall = new() { Action = StallAction.Postcopy } } };

        Assert.True(MigrationTuning.SourceCapabilities(spec).Single(c => c.Capability == "postcopy-ram").State);
        Assert.True(MigrationTuning.DestinationCapabilities(spec).Single(c => c.Capability == "postcopy-ram").State);
        Assert.False(MigrationTuning.SourceCapabilities(spec with { Policy = spec.Policy with { Kind = ConvergencePolicyKind.Ramp } })
            .Single(c => c.Capability == "postcopy-ram").State);
    }

    [Theory]
    [InlineData(ConvergencePolicyKind.Static, 700)]
    [InlineData(ConvergencePolicyKind.Stepped, 50)]
    [InlineData(ConvergencePolicyKind.Ramp, 150)]
    [InlineData(ConvergencePolicyKind.Stall, 700)]
    public void SourceParameters_first_downtime_limit_is_the_policys(ConvergencePolicyKind kind, long expected)
    {
        var spec = new MigrationSpec { DowntimeLimitMs = 700, Policy = new() { Kind = kind } };

        Assert.Equal(expected, MigrationTuning.SourceParameters(spec).DowntimeLimit);
    }
}
