using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Security.Jwt;

/// <summary>
/// Makes (or checks) the embedded signing key as the host starts, so a first run leaves its key in
/// the data directory at once and a key file with loose permissions stops the start instead of a request.
/// </summary>
internal sealed class LocalSigningKeyStartup(IOptions<JwtAuthOptions> options, IServiceProvider services, ILogger<LocalSigningKeyStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.UsesEmbeddedKey)
        {
            var key = services.GetRequiredService<LocalSigningKey>();
            if (key.Created)
            {
                logger.LogInformation("Created the embedded token signing key {Path} (key id {KeyId}).", key.Path, key.Key.KeyId);
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
