using System.Net;
using System.Net.Sockets;

namespace MigrationAspire.AppHost.Infrastructure;

/// <summary>Ports chosen by the OS, so a lab never collides with another lab, a test run or a system service.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The configured port when there is one, else one the OS picks.</summary>
    public static int FromConfiguration(IConfiguration configuration, string key) =>
        int.TryParse(configuration[key], out var port) && port > 0 ? port : Next();
}
