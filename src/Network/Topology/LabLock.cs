using System.ComponentModel;
using System.Runtime.InteropServices;
using MigrationAspire.Network.Native;

namespace MigrationAspire.Network.Topology;

/// <summary>An exclusive flock on the lab's runtime directory: one process at a time changes the lab's network.
/// The kernel drops it when the holder dies, so a killed process never leaves it held.</summary>
internal sealed class LabLock : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly FileStream file;

    private LabLock(FileStream file) => this.file = file;

    public static async Task<LabLock> AcquireAsync(LabNames names, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(names.RuntimeDirectory);
        // FileShare.ReadWrite: .NET's own advisory lock would fail at once instead of waiting.
        var file = new FileStream(Path.Combine(names.RuntimeDirectory, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Libc.flock((int)file.SafeFileHandle.DangerousGetHandle(), Libc.LockExclusive | Libc.LockNonBlocking) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error != 11 /* EWOULDBLOCK */ || DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Cannot lock the lab network {names.LabId} ({names.RuntimeDirectory}/lock): "
                        + (error == 11 ? $"another process held it for {Patience.TotalSeconds:0} s" : new Win32Exception(error).Message));
                await Task.Delay(20, cancellationToken);
            }
            return new LabLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose() => file.Dispose();
}
