using System.Collections;
using System.Numerics;

namespace Keel.Serving.Deployments;

/// <summary>
/// The shadows chosen for one request: a bit mask over the plan's shadow list, enumerable without
/// allocating (a struct enumerator for <c>foreach</c>).
/// </summary>
public readonly struct ShadowVariants : IEnumerable<DeploymentVariant>
{
    private readonly DeploymentVariant[] all;
    private readonly ulong mask;

    internal ShadowVariants(DeploymentVariant[] all, ulong mask)
    {
        this.all = all;
        this.mask = mask;
    }

    public int Count => BitOperations.PopCount(mask);

    public Enumerator GetEnumerator() => new(all, mask);

    IEnumerator<DeploymentVariant> IEnumerable<DeploymentVariant>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<DeploymentVariant>
    {
        private readonly DeploymentVariant[] all;
        private ulong remaining;

        internal Enumerator(DeploymentVariant[] all, ulong mask)
        {
            this.all = all;
            remaining = mask;
            Current = null!;
        }

        public DeploymentVariant Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (remaining == 0)
            {
                return false;
            }
            var index = BitOperations.TrailingZeroCount(remaining);
            remaining &= remaining - 1;
            Current = all[index];
            return true;
        }

        public void Reset() => throw new NotSupportedException();

        public readonly void Dispose()
        {
        }
    }
}
