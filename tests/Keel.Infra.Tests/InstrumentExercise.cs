using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Keel.Infra.Tests;

/// <summary>
/// Makes every instrument on Keel's meters record once. The instruments are found, not listed: a
/// listener is handed each one as it is published; static meters come into being by running the
/// class constructors of the Keel types that hold one, instance meters by resolving their owners
/// from a host's container.
/// </summary>
internal sealed class InstrumentExercise : IDisposable
{
    private static readonly Lazy<Type[]> Owners = new(FindMeterOwners);

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, byte> _instruments = new();

    public InstrumentExercise()
    {
        _listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name.StartsWith("Keel.", StringComparison.Ordinal))
            {
                _instruments.TryAdd(instrument, 0);
            }
        };
        _listener.Start();
    }

    public IReadOnlyCollection<Instrument> Instruments => _instruments.Keys.ToArray();

    public static void CreateStaticMeters()
    {
        foreach (var type in Owners.Value.Where(t => MeterFields(t).Any(f => f.IsStatic)))
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }
    }

    /// <summary>Resolves each owner of an instance meter that the host registers; the others are not part of that app.</summary>
    public static void ResolveOwners(IServiceProvider services)
    {
        foreach (var type in Owners.Value.Where(t => MeterFields(t).Any(f => !f.IsStatic)))
        {
            services.GetService(type);
        }
    }

    /// <summary>Records one measurement on every synchronous instrument; observable ones report when scraped.</summary>
    public void RecordOnce()
    {
        foreach (var instrument in _instruments.Keys.Where(i => !i.IsObservable))
        {
            switch (instrument)
            {
                case Counter<long> counter: counter.Add(1); break;
                case Counter<int> counter: counter.Add(1); break;
                case Counter<double> counter: counter.Add(1); break;
                case UpDownCounter<long> counter: counter.Add(1); break;
                case UpDownCounter<int> counter: counter.Add(1); break;
                case Histogram<int> histogram: histogram.Record(1); break;
                case Histogram<long> histogram: histogram.Record(1); break;
                case Histogram<double> histogram: histogram.Record(0.01); break;
                case Gauge<double> gauge: gauge.Record(0.5); break;
                case Gauge<long> gauge: gauge.Record(1); break;
                default: throw new NotSupportedException($"{instrument.Meter.Name}/{instrument.Name} is a {instrument.GetType()}, which this exercise does not record yet");
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private static IEnumerable<FieldInfo> MeterFields(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(f => f.FieldType == typeof(Meter));

    private static Type[] FindMeterOwners() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Keel.*.dll")
            .Select(file => Assembly.Load(AssemblyName.GetAssemblyName(file)))
            .SelectMany(LoadableTypes)
            .Where(type => !type.IsGenericTypeDefinition && MeterFields(type).Any())
            .ToArray();

    // A type whose dependency is not deployed with the tests cannot own a meter any app here runs.
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
