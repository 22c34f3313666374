using Keel.Functions.Host;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

WorkerComposition.Configure(FunctionsApplication.CreateBuilder(args)).Build().Run();
