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

        Assert.Equal(7, commands.Count);
        Assert.Equal(commands.Select(c => c.Name).Order(), consumed.Select(c => c.Name).Order());
    }
}
