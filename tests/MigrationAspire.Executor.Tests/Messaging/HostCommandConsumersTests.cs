using MigrationAspire.Contracts;
using MigrationAspire.Executor.Messaging;

namespace MigrationAspire.Executor.Tests.Messaging;

public sealed class HostCommandConsumersTests
{
    [Fact]
    public void Every_host_command_has_exactly_one_consumer()
    {
        var commands = typeof(IHostCommand).Assembly.GetTypes().Where(t => t.IsClass && typeof(IHostCommand).IsAssignableFrom(t)).ToList();
        var consumed = HostCommandConsumers.All.Select(t => t.BaseType!.GetGenericArguments()[0]).ToList();

        // DamageGuest is the one test-only command: its consumer exists only with Executor:TestCommands (TestCommands).
        Assert.Equal(10, commands.Count);
        Assert.Equal(commands.Where(c => c != typeof(DamageGuest)).Select(c => c.Name).Order(), consumed.Select(c => c.Name).Order());
    }
}
