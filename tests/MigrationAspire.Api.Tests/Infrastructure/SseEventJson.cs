using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Infrastructure;

public static class SseEventJson
{
    /// <summary>The event's data read with the API's own serializer settings.</summary>
    public static T Read<T>(this SseEvent sseEvent) => sseEvent.Read<T>(SpecJson.Options);
}
