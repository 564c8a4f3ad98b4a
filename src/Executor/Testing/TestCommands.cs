using MassTransit;
using MigrationAspire.Executor.Hosting;

namespace MigrationAspire.Executor.Testing;

/// <summary>
/// The commands only tests may send. Without <c>Executor:TestCommands=true</c> no consumer for them exists, so a
/// lab in normal use cannot be told to damage a guest: such a message ends in the queue's <c>_skipped</c> queue.
/// </summary>
public static class TestCommands
{
    public static void AddTestCommands(this IBusRegistrationConfigurator bus, IConfiguration configuration, string queue)
    {
        if (!configuration.GetValue<bool>($"{ExecutorOptions.Section}:{nameof(ExecutorOptions.TestCommands)}"))
            return;
        bus.AddConsumer<DamageGuestConsumer>().Endpoint(e => e.Name = queue);
    }
}
