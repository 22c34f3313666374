using System.Text;
using Keel.Features.Definitions;
using Keel.Features.Registry;
using Keel.Features.Repository;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>POST /api/features/apply</c> with a feature repository file (YAML) as the body: validates
/// it and registers every object at its content-hash version.
/// </summary>
public sealed class ApplyFeatureRepository(IFeatureRegistry registry)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var body = await RequestBody.ReadAsync(request, JsonRequest.DefaultLimit, cancellationToken);
        if (body is null)
        {
            return ProblemResults.TooLarge(JsonRequest.DefaultLimit);
        }
        FeatureRepository repository;
        try
        {
            repository = FeatureRepositoryFile.Parse(Encoding.UTF8.GetString(body.Value.Span), "the request body");
        }
        catch (FeatureRepositoryException ex)
        {
            return ProblemResults.BadRequest("Invalid feature repository", ex.Message);
        }
        try
        {
            var result = await registry.ApplyAsync(tenant, repository, cancellationToken);
            return Results.Json(result, KeelJson.Options);
        }
        catch (FeatureRegistryException ex)
        {
            return ProblemResults.BadRequest("Invalid feature repository", string.Join("; ", ex.Errors),
                new Dictionary<string, object?> { ["errors"] = ex.Errors });
        }
    }
}
