using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Qmp;

/// <summary>A client already connected to a scripted peer; disposing closes both.</summary>
internal sealed record ConnectedQmp(ScriptedQmpPeer Peer, QmpClient Client) : IAsyncDisposable
{
    public static async Task<ConnectedQmp> StartAsync(QmpClientOptions? options = null)
    {
        var peer = ScriptedQmpPeer.Listen();
        var connecting = QmpClient.ConnectAsync(peer.SocketPath, options);
        await peer.AcceptAsync();
        return new ConnectedQmp(peer, await connecting.Within());
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().AsTask().Within();
        await Peer.DisposeAsync();
    }
}
