namespace MigrationAspire.Api.Requests;

/// <summary>
/// A request the server itself refuses while a route reads it (a body over the limit, a client too slow) is the
/// client's problem: its own status, and the server's reason in the detail, instead of a 500.
/// </summary>
internal static class RequestProblems
{
    public static int StatusCode(Exception exception) =>
        exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;

    public static void Describe(ProblemDetailsContext context)
    {
        if (context.Exception is BadHttpRequestException bad)
            context.ProblemDetails.Detail = bad.Message;
    }
}
