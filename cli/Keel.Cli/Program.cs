using Keel.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

if (Console.IsOutputRedirected)
{
    // Piped or captured output is read by programs and logs: do not wrap it at 80 columns.
    AnsiConsole.Profile.Width = 240;
}

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("keel");
    config.AddCommand<UpCommand>("up").WithDescription("Run the embedded platform until stopped.");
    config.AddCommand<DemoCommand>("demo").WithDescription("Run the credit sample end to end and exit.");
    config.AddCommand<InitCommand>("init").WithDescription("Write a feature repository for a CSV file.");
    config.AddCommand<IngestCommand>("ingest").WithDescription("Replay a CSV file as CloudEvents into a running platform.");
    config.AddBranch("features", features =>
    {
        features.SetDescription("Feature store: registry, online reads, training sets.");
        features.AddCommand<FeaturesListCommand>("list").WithDescription("List projects, views and services.");
        features.AddCommand<FeaturesApplyCommand>("apply").WithDescription("Register a feature repository folder.");
        features.AddCommand<FeaturesOnlineCommand>("online").WithDescription("Read online features for entities.");
        features.AddCommand<FeaturesTrainingSetCommand>("training-set").WithDescription("Build a point-in-time training set.");
        features.AddCommand<FeaturesMaterializeCommand>("materialize").WithDescription("Load the online store from the offline store.");
    });
    config.AddBranch("runs", runs =>
    {
        runs.SetDescription("Experiment tracking: runs with their parameters and metrics.");
        runs.AddCommand<RunsListCommand>("list").WithDescription("List runs, e.g. --experiment credit --order-by auc.");
        runs.AddCommand<RunsShowCommand>("show").WithDescription("Show one run in full.");
    });
    config.AddBranch("models", models =>
    {
        models.SetDescription("The model registry: versions, stages, aliases, cards and lineage.");
        models.AddCommand<ModelsListCommand>("list").WithDescription("List registered models.");
        models.AddCommand<ModelsShowCommand>("show").WithDescription("Show a model's versions, or one version.");
        models.AddCommand<ModelsPromoteCommand>("promote").WithDescription("Move a version to Staging or Production (and set an alias).");
        models.AddCommand<ModelsArchiveCommand>("archive").WithDescription("Archive a version.");
        models.AddCommand<ModelsCardCommand>("card").WithDescription("Write a version's model card (HTML or JSON).");
        models.AddCommand<ModelsLineageCommand>("lineage").WithDescription("Show what a version was built from.");
    });
    config.AddBranch("report", ReportCommands.Configure);
    config.AddBranch("audit", AuditCommands.Configure);
    config.AddBranch("auth", AuthCommands.Configure);
    config.AddBranch("cost", cost =>
    {
        cost.SetDescription("FinOps: metered cost attributed by tag, and endpoints that cost without serving.");
        cost.AddCommand<CostReportCommand>("report").WithDescription("Cost by team, model, tenant or version over a period (table, JSON, CSV or HTML).");
        cost.AddCommand<CostIdleCommand>("idle").WithDescription("Deployments idle for the configured period, with their hourly cost.");
    });
    config.AddBranch("lifecycle", lifecycle =>
    {
        lifecycle.SetDescription("Artifact lifecycle policies: what old experiments and archived versions may give back.");
        lifecycle.AddCommand<LifecycleApplyCommand>("apply").WithDescription("Apply the tenant's retention policy (--dry-run only lists; every deletion is audited).");
    });
    config.AddBranch("governance", governance =>
    {
        governance.SetDescription("One answer for one prediction: model version, gate verdicts, requester, approver, training data, explanation.");
        governance.AddCommand<GovernancePredictionCommand>("prediction").WithDescription("The governance answer for a prediction id (JSON or HTML).");
    });
    config.AddCommand<PredictCommand>("predict").WithDescription("Score an entity (or a record) with a served model, optionally explained.");
    config.AddCommand<TrainCommand>("train").WithDescription("Train a spec through the life-cycle workflow, or rebuild a version from its lineage.");
    config.AddBranch("workflows", workflows =>
    {
        workflows.SetDescription("The model life cycle: training workflows, their progress and approvals.");
        workflows.AddCommand<WorkflowsStartCommand>("start").WithDescription("Start a training (--spec) or a retraining (--retrain) and print its id.");
        workflows.AddCommand<WorkflowsListCommand>("list").WithDescription("List the tenant's workflow instances.");
        workflows.AddCommand<WorkflowsShowCommand>("show").WithDescription("Show an instance: progress, outcome and history.");
        workflows.AddCommand<WorkflowsApproveCommand>("approve").WithDescription("Approve the version an instance waits on (not as its requester).");
        workflows.AddCommand<WorkflowsRejectCommand>("reject").WithDescription("Reject the version an instance waits on; it is archived.");
    });
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Benchmarks; results go to JSON and BENCHMARKS.md.");
        bench.AddCommand<BenchIngestCommand>("ingest").WithDescription("Records/s from Kafka to the online store against raw consumption.");
        bench.AddCommand<BenchOnlineCommand>("online").WithDescription("Latency of a 14-feature online read, in process and over HTTP.");
        bench.AddCommand<BenchTrainCommand>("train").WithDescription("LightGbm on the credit sample against SDCA logistic regression.");
        bench.AddCommand<BenchPitCommand>("pit").WithDescription("Point-in-time join (DuckDB) against an in-memory sort-and-search baseline.");
        bench.AddCommand<BenchWorkflowCommand>("workflow").WithDescription("The demo model through TrainValidateRegisterDeploy end to end, against training alone.");
        bench.AddCommand<BenchServeCommand>("serve").WithDescription("Inference over HTTP (Open Inference Protocol v2) against raw in-process ONNX Runtime, batch 1 and 64.");
        bench.AddCommand<BenchExplainCommand>("explain").WithDescription("Exact TreeSHAP explanations/s per core for the demo model against the classic recursive TreeSHAP.");
        bench.AddCommand<BenchDriftCommand>("drift").WithDescription("Rows/s to profile and drift-test 1M rows × 14 features against an exact sort-based KS, and the profile's memory.");
    });
    config.SetExceptionHandler((exception, _) =>
    {
        Spectre.Console.AnsiConsole.MarkupLineInterpolated($"[red]keel:[/] {exception.Message}");
        return 1;
    });
});
return await app.RunAsync(args);
