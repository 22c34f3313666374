using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Keel.Serving.Runtime;

/// <summary>
/// Creates ONNX Runtime sessions with the configured execution provider and threads. CUDA is
/// asked for when <see cref="ServingOptions.Device"/> is cuda; where the CUDA provider library
/// or a GPU is missing, it logs a warning once and every session runs on the CPU, so a
/// misconfigured node still serves rather than crash-looping.
/// </summary>
public sealed class SessionFactory
{
    public const string Cpu = "CPUExecutionProvider";
    public const string Cuda = "CUDAExecutionProvider";

    private readonly ServingOptions _options;
    private readonly ILogger<SessionFactory> _logger;
    private volatile bool _cudaFailed;

    public SessionFactory(IOptions<ServingOptions> options, ILogger<SessionFactory> logger)
    {
        _options = options.Value;
        _logger = logger;
        if (WantsCuda)
        {
            // Probed now so that /v2 and the startup log say which provider runs before any model loads.
            try
            {
                using var probe = new SessionOptions();
                probe.AppendExecutionProvider_CUDA(_options.DeviceId);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                FallBack(ex);
            }
        }
        _logger.LogInformation("Inference runs on {Provider} (Keel:Serving:Device = {Device})", ActiveProvider, _options.Device);
    }

    /// <summary>The provider sessions run on: <see cref="Cuda"/> or <see cref="Cpu"/>.</summary>
    public string ActiveProvider => WantsCuda && !_cudaFailed ? Cuda : Cpu;

    private bool WantsCuda => string.Equals(_options.Device?.Trim(), "cuda", StringComparison.OrdinalIgnoreCase);

    public InferenceSession Create(byte[] model)
    {
        if (ActiveProvider == Cuda)
        {
            try
            {
                using var cuda = Options(cuda: true);
                return new InferenceSession(model, cuda);
            }
            catch (OnnxRuntimeException ex)
            {
                // The provider library loaded but no device could be used (no GPU, driver mismatch).
                FallBack(ex);
            }
        }
        using var cpu = Options(cuda: false);
        return new InferenceSession(model, cpu);
    }

    private SessionOptions Options(bool cuda)
    {
        var options = new SessionOptions
        {
            // The ML.NET export declares some intermediate shapes loosely; ONNX Runtime warns about it on every load.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(0, _options.IntraOpThreads),
            InterOpNumThreads = Math.Max(0, _options.InterOpThreads),
        };
        if (!_options.AllowSpinning)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        }
        if (cuda)
        {
            try
            {
                options.AppendExecutionProvider_CUDA(_options.DeviceId);
            }
            catch
            {
                options.Dispose();
                throw;
            }
        }
        return options;
    }

    private void FallBack(Exception ex)
    {
        if (!_cudaFailed)
        {
            _cudaFailed = true;
            _logger.LogWarning("Keel:Serving:Device is cuda but the CUDA execution provider cannot be used ({Reason}); inference falls back to the CPU.", ex.Message);
        }
    }
}
