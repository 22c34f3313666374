using Microsoft.AspNetCore.Http.Metadata;

namespace Keel.Hardening.Http;

/// <summary>An endpoint's own body limit (inference requests may be larger than the default); null lifts it.</summary>
public sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
