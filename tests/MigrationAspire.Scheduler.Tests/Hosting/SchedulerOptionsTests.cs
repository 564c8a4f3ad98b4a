using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Hosting;

namespace MigrationAspire.Scheduler.Tests.Hosting;

public sealed class SchedulerOptionsTests
{
    [Fact]
    public void Durations_bind_from_time_span_strings()
    {
        var options = Bind<SchedulerOptions>(SchedulerOptions.Section, ("BootTimeout", "00:03:30"), ("PlacementRetry", "00:00:00.250"));

        Assert.Equal((TimeSpan.FromSeconds(210), TimeSpan.FromMilliseconds(250)), (options.BootTimeout, options.PlacementRetry));
        Assert.Equal(TimeSpan.FromSeconds(90), options.PrepareTimeout);
    }

    [Fact]
    public void A_duration_out_of_range_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind<SchedulerOptions>(SchedulerOptions.Section, ("BootTimeout", "00:00:01")));

        Assert.Contains("BootTimeout", error.Message);
    }

    [Fact]
    public void The_run_limit_is_one_setting_of_its_own()
    {
        var limits = Bind<ExperimentLimits>(ExperimentLimits.Section, ("MaxRunsPerExperiment", "42"));

        Assert.Equal(42, limits.MaxRunsPerExperiment);
        Assert.Equal(SpecLimits.DefaultMaxRuns, new ExperimentLimits().MaxRunsPerExperiment);
    }

    private static T Bind<T>(string section, params (string Key, string Value)[] settings) where T : class
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>($"{section}:{s.Key}", s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddValidatedOptions<T>(section);
        return services.BuildServiceProvider().GetRequiredService<IOptions<T>>().Value;
    }
}
