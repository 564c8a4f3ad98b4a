using System.ComponentModel;
using System.Runtime.InteropServices;
using MigrationAspire.Network.Native;

namespace MigrationAspire.Network.Topology;

/// <summary>An exclusive flock on the lab's runtime directory: one process at a time changes the lab's network.
/// The kernel drops it when the holder dies, so a killed process never leaves it held.</summary>
internal sealed class LabLock : IDisposable
{
    private const int WouldBlock = 11; // EWOULDBLOCK
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly FileStream file;

    private LabLock(FileStream file) => this.file = file;

    public static async Task<LabLock> AcquireAsync(LabNames names, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            Directory.CreateDirectory(names.RuntimeDirectory);
            var file = await OpenAsync(LockFile(names), deadline, cancellationToken);
            try
            {
                while (!TryLock(file, out var error))
                {
                    if (error != WouldBlock || DateTime.UtcNow > deadline)
                        throw new TimeoutException($"Cannot lock the lab network {names.LabId} ({LockFile(names)}): "
                            + (error == WouldBlock ? $"another process held it for {Patience.TotalSeconds:0} s" : new Win32Exception(error).Message));
                    await Task.Delay(20, cancellationToken);
                }
            }
            catch
            {
                file.Dispose();
                throw;
            }
            if (IsStillNamed(file, LockFile(names)))
                return new LabLock(file);
            file.Dispose(); // the holder we waited for removed the lab's files, lock and all: lock the new one
        }
    }

    /// <summary>The lock at once, or null when another process holds it (or the lab's files are gone): a sweep of
    /// other labs takes a held lock for a live lab and never waits for it.</summary>
    public static LabLock? TryAcquire(LabNames names)
    {
        FileStream file;
        try
        {
            file = new FileStream(LockFile(names), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (IOException)
        {
            return null; // .NET's own shared flock refused (someone holds ours), or the directory is gone
        }
        if (TryLock(file, out _) && IsStillNamed(file, LockFile(names)))
            return new LabLock(file);
        file.Dispose();
        return null;
    }

    private static string LockFile(LabNames names) => Path.Combine(names.RuntimeDirectory, "lock");

    private static bool TryLock(FileStream file, out int error)
    {
        var locked = Libc.flock((int)file.SafeFileHandle.DangerousGetHandle(), Libc.LockExclusive | Libc.LockNonBlocking) == 0;
        error = locked ? 0 : Marshal.GetLastPInvokeError();
        return locked;
    }

    /// <summary>A lock on a file that was unlinked while we waited guards nothing: the next process makes a new one.</summary>
    private static bool IsStillNamed(FileStream file, string path) =>
        new FileInfo($"/proc/self/fd/{file.SafeFileHandle.DangerousGetHandle()}").LinkTarget == path;

    /// <summary>
    /// .NET takes a shared flock of its own when it opens a file with FileShare.ReadWrite, and fails at once while
    /// another process holds our exclusive one (several executors open the network at the same moment): wait instead.
    /// </summary>
    private static async Task<FileStream> OpenAsync(string path, DateTime deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!); // a sweep may have just removed it
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    public void Dispose() => file.Dispose();
}
