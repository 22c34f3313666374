// The inference service; composed in the serving issue's first step.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();
