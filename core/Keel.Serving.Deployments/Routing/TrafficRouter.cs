using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Keel.Serving.Deployments;

/// <summary>
/// Picks the variant for each request. Weighted plans draw a random number per request; sticky plans
/// hash (model, entity) with SHA-256 into a bucket in [0, 1), so an entity keeps its variant across
/// calls, router instances, processes and machines. Thread-safe; allocates nothing per request.
/// </summary>
public sealed class TrafficRouter
{
    // Entity keys are short (customer ids); beyond this the hash input is rented rather than stack-allocated.
    private const int StackLimit = 256;

    private readonly Random? random;

    /// <summary>A router that draws from <see cref="Random.Shared"/>.</summary>
    public TrafficRouter()
    {
    }

    /// <summary>A router that draws from the given generator (seeded in tests); calls to it are serialised, since <see cref="Random"/> is not thread-safe.</summary>
    public TrafficRouter(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        this.random = random;
    }

    /// <summary>Routes one request. An entity key only matters in sticky mode; a null or empty key falls back to a random draw.</summary>
    public RoutingDecision Route(RoutingTable table, string? entity = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sticky = table.Plan.Mode == RoutingMode.Sticky && !string.IsNullOrEmpty(entity);
        double bucket;
        var shadowBucket = 0.0;
        if (sticky)
        {
            (bucket, shadowBucket) = EntityBuckets(table.ModelKey, entity!);
        }
        else
        {
            bucket = NextDouble();
        }

        var primary = table.Pick(bucket);
        var mask = table.AllShadows;
        if (table.SamplesShadows)
        {
            mask = 0;
            var shadows = table.ShadowArray;
            for (var i = 0; i < shadows.Length; i++)
            {
                // Sticky: the same entities are copied every time, so a shadow sees whole entity histories.
                if (table.SampleShadow(i, sticky ? shadowBucket : NextDouble()))
                {
                    mask |= 1UL << i;
                }
            }
        }
        return new RoutingDecision(table, primary, mask, sticky);
    }

    /// <summary>Validates and lays out the plan, then routes; for callers that do not keep a <see cref="RoutingTable"/>.</summary>
    public RoutingDecision Route(DeploymentPlan plan, string? entity = null) => Route(RoutingTable.Build(plan), entity);

    /// <summary>The bucket in [0, 1) that sticky routing places an entity of a model in.</summary>
    public static double StickyBucket(string model, string entity)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(entity);
        return EntityBuckets(Encoding.UTF8.GetBytes(model), entity).Variant;
    }

    /// <summary>
    /// SHA-256 of UTF-8(model) ‖ 0x00 ‖ UTF-8(entity). The first 8 bytes place the entity among the
    /// serving variants; the next 8, independent of them, decide whether its requests are shadowed.
    /// </summary>
    private static (double Variant, double Shadow) EntityBuckets(byte[] model, string entity)
    {
        var length = model.Length + 1 + Encoding.UTF8.GetByteCount(entity);
        byte[]? rented = null;
        var input = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            model.CopyTo(input);
            input[model.Length] = 0;
            var written = Encoding.UTF8.GetBytes(entity, input[(model.Length + 1)..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(input[..(model.Length + 1 + written)], hash);
            return (ToUnit(BinaryPrimitives.ReadUInt64BigEndian(hash)), ToUnit(BinaryPrimitives.ReadUInt64BigEndian(hash[8..])));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The top 53 bits as a double in [0, 1): exact, uniform, never 1.</summary>
    private static double ToUnit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    private double NextDouble()
    {
        if (random is null)
        {
            return Random.Shared.NextDouble();
        }
        lock (random)
        {
            return random.NextDouble();
        }
    }
}
