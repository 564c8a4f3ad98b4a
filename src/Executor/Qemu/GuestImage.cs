using System.Text.Json;

namespace MigrationAspire.Executor.Qemu;

/// <summary>The built guest (guest/build.sh): a kernel, an initramfs and the manifest naming them.</summary>
public sealed record GuestImage(string Kernel, string Initrd, string Hash)
{
    /// <exception cref="InvalidOperationException">The directory does not hold a complete image.</exception>
    public static GuestImage Load(string directory)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath))
            throw new InvalidOperationException(
                $"No guest image at {directory} (no manifest.json): build it with ./lab guest (guest/build.sh).");
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var hash = manifest.RootElement.GetProperty("hash").GetString() ?? "";

        // The bare ELF boots ~3 s faster under TCG than the self-decompressing vmlinuz.
        var vmlinux = Path.Combine(directory, "vmlinux");
        var kernel = File.Exists(vmlinux) ? vmlinux : Path.Combine(directory, "vmlinuz");
        var initrd = Path.Combine(directory, "initrd.img");
        foreach (var file in new[] { kernel, initrd })
        {
            if (!File.Exists(file))
                throw new InvalidOperationException($"The guest image at {directory} is incomplete: {Path.GetFileName(file)} is missing.");
        }
        return new GuestImage(Path.GetFullPath(kernel), Path.GetFullPath(initrd), hash);
    }
}
