using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Http;

/// <summary>Reads a bounded JSON request body, answering a problem when it is too large or not the expected shape.</summary>
public static class JsonRequest
{
    public const long DefaultLimit = 1024 * 1024;

    /// <summary>The body as <typeparamref name="T"/> (default for an empty body), or the problem to answer instead.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, string what, CancellationToken cancellationToken, long limit = DefaultLimit)
    {
        var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return (default, ProblemResults.TooLarge(limit));
        }
        if (body.Value.IsEmpty)
        {
            return (default, null);
        }
        try
        {
            return (JsonSerializer.Deserialize<T>(body.Value.Span, KeelJson.Options), null);
        }
        catch (JsonException ex)
        {
            return (default, ProblemResults.BadRequest("Malformed request", $"The body is not a valid {what}: {ex.Message}"));
        }
    }
}
