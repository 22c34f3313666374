using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;

namespace Keel.Hardening.Https;

public static class HttpsExtensions
{
    /// <summary>
    /// Serves every <c>https://</c> address of the app (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) with
    /// the certificate and client-certificate policy of <c>Keel:Http:Https</c>; nothing changes when
    /// no certificate is configured.
    /// </summary>
    public static IWebHostBuilder UseKeelHttps(this IWebHostBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = Bind(configuration);
        if (!options.IsConfigured)
        {
            return options.RequireClientCertificate
                ? throw new InvalidOperationException($"{HttpsOptions.Section}:RequireClientCertificate needs a server certificate ({HttpsOptions.Section}:CertificatePath or PfxPath).")
                : builder;
        }
        return builder.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => Apply(https, options)));
    }

    /// <summary>HTTPS on one endpoint that the app listens on explicitly (<c>kestrel.Listen(...)</c>).</summary>
    public static ListenOptions UseKeelHttps(this ListenOptions listen, HttpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(options);
        return listen.UseHttps(https => Apply(https, options));
    }

    public static HttpsOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new HttpsOptions();
        configuration.GetSection(HttpsOptions.Section).Bind(options);
        return options;
    }

    public static void Apply(HttpsConnectionAdapterOptions https, HttpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(https);
        ArgumentNullException.ThrowIfNull(options);
        var (certificate, chain) = ServerCertificateLoader.Load(options);
        https.ServerCertificate = certificate;
        if (chain.Count > 0)
        {
            https.ServerCertificateChain = chain;
        }
        https.CheckCertificateRevocation = options.CheckCertificateRevocation;
        if (options.RequireClientCertificate)
        {
            var validator = ClientCertificateValidator.From(options);
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = validator.Validate;
        }
    }
}
