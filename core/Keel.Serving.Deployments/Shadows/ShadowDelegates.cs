namespace Keel.Serving.Deployments;

/// <summary>Scores a request with one variant (the host looks up the variant's model version).</summary>
public delegate ValueTask<TResponse> VariantScorer<TRequest, TResponse>(DeploymentVariant variant, TRequest request, CancellationToken cancellationToken);

/// <summary>Receives what each shadow call came to (the prediction log, later). Its failures are counted, never rethrown.</summary>
public delegate ValueTask ShadowSink<TRequest, TResponse>(ShadowOutcome<TRequest, TResponse> outcome, CancellationToken cancellationToken);
