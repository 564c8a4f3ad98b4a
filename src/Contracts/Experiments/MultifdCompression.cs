namespace MigrationAspire.Contracts;

[GenerateSerializer]
public enum MultifdCompression
{
    None,
    Zlib,
    Zstd,
}
