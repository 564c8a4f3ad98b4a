using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MigrationAspire.Network.Native;

/// <summary>
/// Creates a socket inside a named network namespace. A socket belongs to the namespace it was created in for
/// its whole life, so one thread enters the namespace, creates it and leaves; the socket is then used from
/// anywhere in this process.
/// </summary>
public static class NamespaceSockets
{
    public static Socket Create(string namespaceName, SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        Exception? failure = null;
        // A thread of its own: the namespace is per thread, and a pool thread must never be left inside one.
        var thread = new Thread(() =>
        {
            try { socket = CreateInside(namespaceName, type, protocol); }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException(
            $"Cannot create a socket in network namespace {namespaceName}: {failure?.Message}", failure);
    }

    private static Socket CreateInside(string namespaceName, SocketType type, ProtocolType protocol)
    {
        using var home = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = File.OpenHandle($"/run/netns/{namespaceName}");
        Enter(target, namespaceName);
        try
        {
            return new Socket(AddressFamily.InterNetwork, type, protocol);
        }
        finally
        {
            // Failing to return would leave this thread in the lab's namespace; it ends right after, but say so.
            Enter(home, "the process's own namespace");
        }
    }

    private static void Enter(SafeHandle handle, string what)
    {
        if (Libc.setns((int)handle.DangerousGetHandle(), Libc.CloneNewNet) != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {what} failed");
    }
}
