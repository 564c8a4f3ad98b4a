using MigrationAspire.EndToEnd.Tests.Fixture;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using StackExchange.Redis;

namespace MigrationAspire.EndToEnd.Tests.Lab;

/// <summary>The lab's broker and store let in only who holds the lab's generated credentials (issue 12: the bus was a way to a shell).</summary>
[Collection(LabCollection.Name)]
public sealed class CredentialTests(LabFixture lab)
{
    [Fact]
    public async Task The_broker_refuses_guest_guest_and_takes_the_uris_own_user()
    {
        var uri = new Uri(lab.RabbitMq);
        Assert.NotEqual("guest:guest", uri.UserInfo);
        var guest = new ConnectionFactory { Uri = new UriBuilder(uri) { UserName = "guest", Password = "guest" }.Uri, RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };

        var refused = await Assert.ThrowsAnyAsync<BrokerUnreachableException>(() => guest.CreateConnectionAsync(TestTimeouts.Token()));

        Assert.IsAssignableFrom<AuthenticationFailureException>(refused.InnerException);
        await using var own = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync(TestTimeouts.Token());
        Assert.True(own.IsOpen);
    }

    [Fact]
    public async Task The_store_answers_nobody_without_the_uris_password()
    {
        var options = ConfigurationOptions.Parse(lab.Redis);
        Assert.False(string.IsNullOrEmpty(options.Password));
        options.Password = null;
        options.AbortOnConnectFail = false;

        await using var anonymous = await ConnectionMultiplexer.ConnectAsync(options);

        var refused = await Assert.ThrowsAnyAsync<RedisException>(() => anonymous.GetDatabase().PingAsync());
        Assert.True(refused.ToString().Contains("NOAUTH", StringComparison.Ordinal) || refused.ToString().Contains("Authentication", StringComparison.Ordinal),
            refused.ToString());
    }
}
