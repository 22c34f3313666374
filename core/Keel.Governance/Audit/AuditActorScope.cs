namespace Keel.Governance;

/// <summary>
/// Names the actor of the changes made within a scope, for calls whose signature carries none
/// (revoking an API key, removing a deployment plan, creating a model). It flows with the async
/// context, so it covers exactly the awaited calls inside the <c>using</c>.
/// </summary>
public static class AuditActorScope
{
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>The actor of the innermost open scope, or null outside any scope.</summary>
    public static string? Actor => Current.Value;

    public static IDisposable Begin(string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var outer = Current.Value;
        Current.Value = actor.Trim();
        return new Restore(outer);
    }

    private sealed class Restore(string? outer) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Current.Value = outer;
            }
        }
    }
}
