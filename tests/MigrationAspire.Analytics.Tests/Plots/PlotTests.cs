using System.Text;
using MigrationAspire.Analytics.Metrics;
using MigrationAspire.Analytics.Plots;
using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using MigrationAspire.Analytics.Tests.Support;
using MigrationAspire.Contracts;
using ScottPlot;

namespace MigrationAspire.Analytics.Tests.Plots;

public sealed class PlotTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<(IReadOnlyList<GroupData> Groups, SweepLayout Layout)> SeedAsync()
    {
        var runs = new List<RunRecord>();
        var index = 0;
        foreach (var mode in new[] { "precopy", "stopcopy" })
            foreach (var memory in new[] { 256, 512, 1024 })
                for (var repetition = 0; repetition < 3; repetition++)
                {
                    var plan = TestRuns.Plan("exp", index++, [TestRuns.Mode(mode), TestRuns.Memory(memory)], repetition: repetition);
                    runs.Add(TestRuns.Completed(plan, downtimeMs: (mode == "precopy" ? 0.1 : 1) * memory + repetition));
                }

        await _fixture.Store.AddManyAsync(runs, TestTimeouts.Token());
        var groups = await _fixture.Store.LoadGroupsAsync("exp", TestTimeouts.Token());
        return (groups, SweepLayout.Of(groups));
    }

    private static void AssertImage(Plot plot)
    {
        var (png, pngType) = PlotImage.Render(plot, PlotFormat.Png);
        Assert.Equal("image/png", pngType);
        Assert.True(png.Length > 1000, $"PNG of {png.Length} bytes");
        Assert.Equal(PngSignature, png[..8]);

        var (svg, svgType) = PlotImage.Render(plot, PlotFormat.Svg);
        Assert.Equal("image/svg+xml", svgType);
        Assert.Contains("<svg", Encoding.UTF8.GetString(svg));
    }

    [Fact]
    public async Task A_metric_plot_renders_as_png_and_svg()
    {
        var (groups, layout) = await SeedAsync();
        var (axes, _, _) = PlotAxes.Resolve(layout, null, null);

        var plot = MetricPlot.Create("exp", MetricCatalog.Find("downtimeMs")!, groups, layout, axes!);

        AssertImage(plot);
        // One line and one set of error bars per mode.
        Assert.Equal(2, plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Count());
        Assert.Equal(2, plot.GetPlottables().OfType<ScottPlot.Plottables.ErrorBar>().Count());
    }

    [Fact]
    public async Task Axes_default_to_the_numeric_path_against_the_migration_mode()
    {
        var (_, layout) = await SeedAsync();

        var (axes, _, _) = PlotAxes.Resolve(layout, null, null);

        Assert.Equal("vm.memoryMiB", axes!.X!.Path);
        Assert.Equal("migration.mode", axes.Series!.Path);
    }

    [Fact]
    public async Task A_text_parameter_on_x_is_drawn_as_categories()
    {
        var (groups, layout) = await SeedAsync();
        var (axes, _, _) = PlotAxes.Resolve(layout, "migration.mode", null);

        Assert.Equal("vm.memoryMiB", axes!.Series!.Path);
        AssertImage(MetricPlot.Create("exp", MetricCatalog.Find("totalTimeMs")!, groups, layout, axes));
    }

    [Fact]
    public async Task An_experiment_without_a_sweep_plots_its_one_group()
    {
        await _fixture.Store.AddManyAsync(
            [.. Enumerable.Range(0, 3).Select(i => TestRuns.Completed(TestRuns.Plan("flat", i, []), downtimeMs: 40 + i))],
            TestTimeouts.Token());
        var groups = await _fixture.Store.LoadGroupsAsync("flat", TestTimeouts.Token());
        var layout = SweepLayout.Of(groups);

        var (axes, _, _) = PlotAxes.Resolve(layout, null, null);

        Assert.Null(axes!.X);
        Assert.Null(axes.Series);
        var plot = MetricPlot.Create("flat", MetricCatalog.Find("downtimeMs")!, groups, layout, axes);
        AssertImage(plot);
        // The point is the geometric mean; the y axis starts at zero and reaches past the top of the bar.
        Assert.Equal(Math.Cbrt(40.0 * 41 * 42), Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()).Data.GetScatterPoints()[0].Y, 1e-9);
        var limits = plot.Axes.GetLimits();
        Assert.Equal(0, limits.Bottom);
        var bar = Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.ErrorBar>());
        Assert.True(limits.Top > Math.Cbrt(40.0 * 41 * 42) + bar.YErrorPositive![0], $"top {limits.Top}");
    }

    [Theory]
    [InlineData("vm.vcpus", null, "x")]
    [InlineData(null, "workload.pattern", "series")]
    [InlineData("vm.memoryMiB", "vm.memoryMiB", "series")]
    public async Task Unknown_or_clashing_paths_name_the_parameter(string? x, string? series, string parameter)
    {
        var (_, layout) = await SeedAsync();

        var (axes, named, error) = PlotAxes.Resolve(layout, x, series);

        Assert.Null(axes);
        Assert.Equal(parameter, named);
        Assert.NotNull(error);
    }

    [Fact]
    public void A_timeline_from_passes_only_renders_with_a_marker_per_pass()
    {
        var plan = TestRuns.Plan("exp", 0, []);
        var passes = TestRuns.Passes((0, 300_000_000), (2_400, 60_000_000), (2_900, 9_000_000));
        var run = Stored(plan, TestRuns.Result(MigrationMode.Precopy, 40, 3000, passes: passes));

        var plot = TimelinePlot.Create(run, []);

        AssertImage(plot);
        var markers = Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.Markers>());
        Assert.Equal(3, markers.Data.GetScatterPoints().Count);
    }

    [Fact]
    public void A_timeline_uses_live_samples_when_there_are_some()
    {
        var plan = TestRuns.Plan("exp", 0, []);
        var run = Stored(plan, TestRuns.Result(MigrationMode.Precopy, 40, 500, passes: TestRuns.Passes((0, 300_000_000))));
        LiveSample[] samples = [.. Enumerable.Range(0, 6).Select(i => new LiveSample
        {
            AtMs = i * 100, Status = i == 5 ? "completed" : "active", RemainingBytes = 300_000_000 - i * 60_000_000L,
            DirtyPagesRate = 5000, ThroughputMbps = 950,
        })];

        var plot = TimelinePlot.Create(run, samples);

        AssertImage(plot);
        var remaining = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().First();
        Assert.Equal(6, remaining.Data.GetScatterPoints().Count);
    }

    [Fact]
    public void A_run_with_nothing_recorded_still_gets_an_image()
    {
        var run = Stored(TestRuns.Plan("exp", 0, []), result: null, RunStatus.Failed);

        AssertImage(TimelinePlot.Create(run, []));
    }

    private static StoredRun Stored(RunPlan plan, MigrationResult? result, RunStatus status = RunStatus.Completed) => new()
    {
        RunId = plan.RunId, ExperimentId = plan.ExperimentId, Index = plan.Index, Repetition = 0, GroupKey = plan.GroupKey,
        Parameters = new Dictionary<string, System.Text.Json.JsonElement>(), Status = status, SourceHost = "a",
        DestinationHost = "b", FinishedAt = TestRuns.Finished, Plan = plan, Result = result,
    };
}
