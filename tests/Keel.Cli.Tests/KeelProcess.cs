using System.Diagnostics;

namespace Keel.Cli.Tests;

/// <summary>Runs the built <c>keel</c> command as its own process, as a user would.</summary>
internal static class KeelProcess
{
    /// <summary>The keel.dll built next to this test (the test project references the CLI).</summary>
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "keel.dll");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"keel {string.Join(' ', args)} did not finish within {timeout}: {await output}{await error}");
        }
        return (process.ExitCode, await output, await error);
    }
}
