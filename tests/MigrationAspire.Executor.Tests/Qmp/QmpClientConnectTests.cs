using System.Diagnostics;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Qmp;

public sealed class QmpClientConnectTests
{
    [Fact]
    public async Task ConnectAsync_qemu_greets_exposes_version_package_and_capabilities()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var client = qmp.Client;

        Assert.True(client.IsConnected);
        Assert.Equal(new QemuVersion(10, 0, 2), client.Greeting.QemuVersion);
        Assert.Equal("10.0.2", client.Greeting.QemuVersion.ToString());
        Assert.True(client.Greeting.QemuVersion.IsAtLeast(9));
        Assert.False(client.Greeting.QemuVersion.IsAtLeast(10, 1));
        Assert.Equal("Debian 1:10.0.2+ds-2+deb13u1~bpo12+1", client.Greeting.Version.Package);
        Assert.Equal(["oob"], client.Greeting.Capabilities);
    }

    [Fact]
    public async Task ConnectAsync_socket_appears_later_retries_until_it_exists()
    {
        var socketPath = ScriptedQmpPeer.NewSocketPath();
        var connecting = QmpClient.ConnectAsync(socketPath);
        await Task.Delay(300);
        Assert.False(connecting.IsCompleted);

        await using var peer = ScriptedQmpPeer.Listen(socketPath);
        await peer.AcceptAsync();
        using var client = await connecting.Within();

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_no_socket_ever_appears_throws_timeout_naming_the_path()
    {
        var socketPath = ScriptedQmpPeer.NewSocketPath();
        var options = new QmpClientOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) };
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => QmpClient.ConnectAsync(socketPath, options).Within());

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Contains(socketPath, error.Message);
        Assert.Contains("accept a connection", error.Message);
    }

    [Fact]
    public async Task ConnectAsync_peer_accepts_but_never_greets_throws_timeout_naming_the_greeting()
    {
        await using var peer = ScriptedQmpPeer.Listen();
        var options = new QmpClientOptions { ConnectTimeout = TimeSpan.FromMilliseconds(500) };
        var connecting = QmpClient.ConnectAsync(peer.SocketPath, options);
        await peer.AcceptAsync(greeting: null);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => connecting.Within());

        Assert.Contains("greeting", error.Message);
    }

    [Fact]
    public async Task ConnectAsync_negotiation_refused_throws_qmp_exception()
    {
        await using var peer = ScriptedQmpPeer.Listen();
        var connecting = QmpClient.ConnectAsync(peer.SocketPath);
        await peer.AcceptAsync(negotiate: false);
        await peer.ErrorAsync(await peer.ExpectAsync("qmp_capabilities"), "GenericError", "Capabilities negotiation is already complete");

        var error = await Assert.ThrowsAsync<QmpException>(() => connecting.Within());

        Assert.Equal("qmp_capabilities", error.Command);
    }

    [Fact]
    public async Task ConnectAsync_peer_closes_before_greeting_throws_connection_closed()
    {
        await using var peer = ScriptedQmpPeer.Listen();
        var connecting = QmpClient.ConnectAsync(peer.SocketPath);
        await peer.AcceptAsync(greeting: null);
        peer.CloseConnection();

        await Assert.ThrowsAsync<QmpConnectionClosedException>(() => connecting.Within());
    }
}
